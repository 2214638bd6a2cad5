// OTLP/HTTP protobuf encoding: requests decoded and answers encoded by protobufjs with the official
// OpenTelemetry and google.rpc definitions (otlp-proto/, compiled into otlp-descriptor.ts). A decoded
// request is turned into the OTLP/JSON shape (hex ids, int64 as decimal strings, enums as numbers), so
// both encodings are validated and mapped by the same code in otlp.ts.
import protobuf from "protobufjs/light";
import { OTLP_DESCRIPTOR } from "./otlp-descriptor.ts";

const root = protobuf.Root.fromJSON(OTLP_DESCRIPTOR as protobuf.INamespace);
const TraceRequest = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
const TraceResponse = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse");
const RpcStatus = root.lookupType("google.rpc.Status");

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function base64ToHex(b64: string): string {
  const bin = atob(b64);
  let out = "";
  for (let i = 0; i < bin.length; i++) out += HEX[bin.charCodeAt(i)];
  return out;
}

type Obj = Record<string, unknown>;

/**
 * Decodes an ExportTraceServiceRequest. Throws an Error whose message says what is wrong when the
 * bytes are not one (truncated, wrong wire type, ...).
 */
export function decodeTraceRequest(bytes: Uint8Array): Obj {
  const message = TraceRequest.decode(bytes);
  const obj = TraceRequest.toObject(message, { longs: String, enums: Number, bytes: String, defaults: false }) as Obj;
  // ids are bytes in protobuf and hex strings in OTLP/JSON
  for (const rs of (obj.resourceSpans as Obj[] | undefined) ?? []) {
    for (const ss of (rs.scopeSpans as Obj[] | undefined) ?? []) {
      for (const span of (ss.spans as Obj[] | undefined) ?? []) {
        for (const key of ["traceId", "spanId", "parentSpanId"]) {
          if (typeof span[key] === "string") span[key] = base64ToHex(span[key] as string);
        }
        if (span.traceId === undefined) span.traceId = "";
        if (span.spanId === undefined) span.spanId = "";
      }
    }
  }
  return obj;
}

/** An ExportTraceServiceResponse; partial_success only when some spans were rejected. */
export function encodeTraceResponse(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array<ArrayBuffer> {
  const message = TraceResponse.fromObject(partial ? { partialSuccess: partial } : {});
  return new Uint8Array(TraceResponse.encode(message).finish());
}

/** A google.rpc.Status, the body of every OTLP/HTTP error answer. */
export function encodeStatus(code: number, message: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish());
}

/** Test helpers: the same definitions in the other direction. */
export function encodeTraceRequest(obj: Obj): Uint8Array<ArrayBuffer> {
  return new Uint8Array(TraceRequest.encode(TraceRequest.fromObject(obj)).finish());
}
export function decodeTraceResponse(bytes: Uint8Array): Obj {
  return TraceResponse.toObject(TraceResponse.decode(bytes), { longs: Number }) as Obj;
}
export function decodeStatus(bytes: Uint8Array): Obj {
  return RpcStatus.toObject(RpcStatus.decode(bytes)) as Obj;
}
