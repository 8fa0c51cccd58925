/**
 * Published test vectors for notes, checkpoints and cosignatures: facts (keys, notes, expected
 * outcomes) carried from their sources, never their code. Each constant names where it comes from.
 */

/**
 * The worked example of c2sp.org/signed-note (C2SP/C2SP `signed-note.md`, example at commit
 * d4c16da5; later revisions replaced it with an example without a verifier key).
 */
export const C2SP_EXAMPLE_VKEY =
  'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
export const C2SP_EXAMPLE_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

/** The current c2sp.org/signed-note example: a text with an inner blank line, no key published. */
export const C2SP_QUASIMODO_NOTE =
  'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n\n— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';

/** golang.org/x/mod `sumdb/note/note_test.go`: the PeterNeumann key pair (TestNewVerifier, TestSign). */
export const GO_PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
/** Same source: the signer key `PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 ‖ seed)>`. */
export const GO_PETER_SKEY =
  'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
/** Same source: the EnochRoot verifier key (TestOpen). */
export const GO_ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
/** Same source: the signed text of TestSign and TestOpen. */
export const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
/** Same source: PeterNeumann's signature line over GO_TEXT (Ed25519 is deterministic). */
export const GO_PETER_SIGNATURE_LINE =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
/** Same source: EnochRoot's signature line over GO_TEXT. */
export const GO_ENOCH_SIGNATURE_LINE =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
/** Same source, TestNewVerifier: a key of the wrong length with its key ID adjusted. */
export const GO_WRONG_LENGTH_VKEY =
  'PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==';
/** Same source, TestNewVerifier: an unknown algorithm byte with its key ID adjusted. */
export const GO_UNKNOWN_ALGORITHM_VKEY =
  'PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';

/** transparency-dev/formats `note/note_cosigv1_test.go` (TestCoSigV1NewVerifier): an Ed25519 (0x01) vkey. */
export const FORMATS_ED25519_VKEY = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6';
/** Same source: a native Ed25519 cosignature (0x04) vkey of the remora witness. */
export const FORMATS_COSIGNATURE_VKEY =
  'remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2';
/** Same source: vkeys that must be refused, with the reason this package gives. */
export const FORMATS_BAD_VKEYS = [
  { vkey: 'bananas.sigstore.dev+12344556', reason: 'bad_format' },
  { vkey: 'rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!', reason: 'bad_base64' },
  { vkey: 'rekor.sigstore.dev+12345678+AwEB', reason: 'unsupported_type' },
  {
    // The Rekor ECDSA key (type 0x02) under a wrong key ID; ECDSA is not supported here at all.
    vkey: 'rekor.sigstore.dev+00000000+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=',
    reason: 'unsupported_type',
  },
] as const;
/** Same source (TestCoSigV1Timestamp): a v1 cosignature blob and the timestamp it carries. */
export const FORMATS_COSIGNATURE_BLOB =
  'ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==';
export const FORMATS_COSIGNATURE_TIMESTAMP_SECONDS = 1727964367;
/** Same source: a plain Ed25519 signature blob (4 + 64 bytes), "wrong type of signature". */
export const FORMATS_PLAIN_SIGNATURE_BLOB =
  'eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=';
/** Same source (TestCosignatureV1RoundTrip, TestSigCoversExtensionLines): checkpoint bodies cosigned. */
export const FORMATS_CHECKPOINT_BODY = 'test\n123\nf+7CoKgXKE/tNys9TTXcr/ad6U/K3xvznmzew9y6SP0=\n';
export const FORMATS_CHECKPOINT_BODY_WITH_EXTENSION = `${FORMATS_CHECKPOINT_BODY}Extendo\n`;

/** c2sp.org/tlog-checkpoint (C2SP/C2SP `tlog-checkpoint.md`): the example checkpoint. */
export const C2SP_CHECKPOINT_BODY =
  'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
export const C2SP_CHECKPOINT_LOG_SIGNATURE_LINE =
  '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';
/**
 * c2sp.org/tlog-cosignature (C2SP/C2SP `tlog-cosignature.md`): the example witness line on that
 * checkpoint; its signed-message example says `time 1679315147`. No witness key is published.
 */
export const C2SP_COSIGNATURE_LINE =
  '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';
export const C2SP_COSIGNATURE_TIMESTAMP_SECONDS = 1679315147;

/** c2sp.org/tlog-witness (C2SP/C2SP `tlog-witness.md`): the example add-checkpoint request body. */
export const C2SP_ADD_CHECKPOINT_OLD_SIZE = 20852014;
export const C2SP_ADD_CHECKPOINT_PROOF = [
  'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
  'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
  '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
  '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
];
export const C2SP_ADD_CHECKPOINT_NOTE = `${C2SP_CHECKPOINT_BODY}\n${C2SP_CHECKPOINT_LOG_SIGNATURE_LINE}— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n`;
export const C2SP_ADD_CHECKPOINT_REQUEST = `old 20852014\n${C2SP_ADD_CHECKPOINT_PROOF.join('\n')}\n\n${C2SP_ADD_CHECKPOINT_NOTE}`;
