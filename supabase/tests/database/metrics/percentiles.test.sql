-- Percentiles against known values: seed 002's calculate_percentiles (continuous, as
-- percentile_cont), the log-scale histogram buckets, and histogram percentiles within the stated
-- bound of the exact nearest-rank value on random data.
begin;
select plan(14);

-- TEST: calculate_percentiles gives the textbook values
select is(analytics.calculate_percentiles(array[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]::numeric[], array[0.5, 0.9]::numeric[]),
  array[5.5, 9.1]::numeric[], 'median and p90 of 1..10 interpolate: 5.5 and 9.1');
select is(analytics.calculate_percentiles(array[15, 20, 35, 40, 50]::numeric[], array[0.4, 0, 1]::numeric[]),
  array[29, 15, 50]::numeric[], 'p40 of 15,20,35,40,50 is 29; p0 and p100 are the extremes');
select is(analytics.calculate_percentiles(array[40, 15, null, 50, 20, 35]::numeric[], array[0.4]::numeric[]),
  array[29]::numeric[], 'order and nulls in the input do not matter');
select is(analytics.calculate_percentiles('{}'::numeric[], array[0.5]::numeric[]), null::numeric[], 'no values, no percentile');
select throws_ok($$select analytics.calculate_percentiles(array[1, 2]::numeric[], array[1.5]::numeric[])$$, '22003', null,
  'a percentile outside 0-1 is refused');

-- TEST: bucket boundaries: 0 ms alone, then eight buckets per doubling
select is(array[analytics.latency_bucket(0), analytics.latency_bucket(1), analytics.latency_bucket(2), analytics.latency_bucket(1024),
  analytics.latency_bucket(2147483647)], array[1, 2, 10, 82, 249], 'buckets of 0, 1, 2, 1024 ms and the largest int');
select ok((select bool_and(analytics.latency_bucket_value(analytics.latency_bucket(v)) between v / power(2, 1.0 / 16) and v * power(2, 1.0 / 16))
  from generate_series(1, 100000, 7) v), 'every value is within a factor 2^(1/16) of its bucket''s value');
select is(analytics.latency_histogram(array[0, 0, 1, null, 1024]), (select array_agg(case k when 1 then 2 when 2 then 1 when 82 then 1 else 0 end order by k)
  from generate_series(1, 250) k), 'a histogram counts values per bucket and ignores nulls');
select is(analytics.histogram_merge(array[analytics.latency_histogram(array[1, 5]), analytics.latency_histogram(array[5, 1024])]),
  analytics.latency_histogram(array[1, 5, 5, 1024]), 'merged histograms equal the histogram of all values');

-- TEST: percentiles from a histogram of known values
select is(analytics.histogram_percentile(analytics.latency_histogram(array[0, 0, 0, 0]), 0.99), 0::double precision, 'all zeros give exactly 0');
select ok(abs(analytics.histogram_percentile(analytics.latency_histogram(array_fill(1000, array[50]) || array_fill(5000, array[50])), 0.5) - 1000) <= 1000 * 0.0443,
  'p50 of fifty 1000s and fifty 5000s is about 1000');
select ok(abs(analytics.histogram_percentile(analytics.latency_histogram(array_fill(1000, array[50]) || array_fill(5000, array[50])), 0.51) - 5000) <= 5000 * 0.0443,
  'p51 of the same is about 5000');
select is(analytics.histogram_percentile(analytics.latency_histogram('{}'::int[]), 0.5), null::double precision, 'an empty histogram has no percentile');

-- TEST: on random data, every percentile read off the histogram is within 4.43 % of percentile_disc
select setseed(0.17);
create temporary table sample on commit drop as select floor(exp(random() * 14))::int as ms from generate_series(1, 5000);
select ok((
  select bool_and(abs(analytics.histogram_percentile(h.hist, p.p) - x.exact) <= 0.0443 * x.exact)
  from (select analytics.latency_histogram(array_agg(ms)) as hist from sample) h
  cross join (values (0.01), (0.25), (0.5), (0.75), (0.9), (0.95), (0.99), (0.999)) as p (p)
  cross join lateral (select percentile_disc(p.p) within group (order by ms) as exact from sample) x
), 'p1 to p99.9 of 5000 random durations are within the bound');

select * from finish();
rollback;
