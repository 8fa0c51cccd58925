/**
 * `@strongroom/vault/node`: the parts of the vault that need Node's file system — keyring files
 * for the software KMS and file-backed secrets.
 * @module
 */
export { createFileSecretProvider } from './node/file-secret-provider.js';
export {
  loadSoftwareKeyringFile,
  SOFTWARE_KEYRING_FILE_MODE,
  softwareKeyringFilePersistence,
} from './node/software-keyring-file.js';
