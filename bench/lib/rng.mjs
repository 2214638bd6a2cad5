// @ts-check
// A seedable pseudo-random generator (sfc32), so that every run of the benchmark with the same
// --seed generates the same payloads. Node's Math.random cannot be seeded.

/** @param {string} text */
function hash32(text) {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export class Rng {
  /** @param {string | number} seed */
  constructor(seed) {
    const s = String(seed);
    this.a = hash32(`a:${s}`);
    this.b = hash32(`b:${s}`);
    this.c = hash32(`c:${s}`);
    this.d = hash32(`d:${s}`) | 1;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** A float in [0, 1). */
  next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(/** @type {number} */ min, /** @type {number} */ max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * @template T
   * @param {readonly T[]} items
   * @returns {T}
   */
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A log-normal sample: exp(mu + sigma * z), z standard normal (Box-Muller). */
  logNormal(/** @type {number} */ mu, /** @type {number} */ sigma) {
    const u1 = Math.max(this.next(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * this.next());
    return Math.exp(mu + sigma * z);
  }

  /** A version-4-shaped UUID drawn from this generator (deterministic, unlike crypto.randomUUID). */
  uuid() {
    const hex = [];
    for (let i = 0; i < 4; i++) hex.push((Math.floor(this.next() * 4294967296) >>> 0).toString(16).padStart(8, "0"));
    const h = hex.join("");
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** Letters and digits, as API key secrets use. */
  alnum(/** @type {number} */ length) {
    const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let out = "";
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)];
    return out;
  }
}
