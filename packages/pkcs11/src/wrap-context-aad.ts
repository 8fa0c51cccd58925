/** Names the layout below; a different layout would get a different label. */
const AAD_LABEL = 'strongroom/pkcs11/wrap/v1';

const utf8 = new TextEncoder();

/**
 * The GCM additional data of one wrap: a label, the KEK name, its version and the wrap context
 * in the vault's canonical encoding (`encodeWrapContext`), each part prefixed by its length
 * (4 bytes, big-endian), so no two different inputs share an encoding.
 */
export function wrapAad(keyId: string, version: number, encodedContext: Uint8Array): Buffer {
  const parts = [
    utf8.encode(AAD_LABEL),
    utf8.encode(keyId),
    utf8.encode(String(version)),
    encodedContext,
  ];
  const out = Buffer.alloc(parts.reduce((total, part) => total + 4 + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    offset = out.writeUInt32BE(part.length, offset);
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
