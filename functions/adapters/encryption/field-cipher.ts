// Envelope encryption of the most sensitive answers (health, trafficking, a child's situation),
// with the AWS Encryption SDK: each value gets a data key of its own from the field key (AWS KMS in
// AWS, a raw AES key in the local runtime), bound by the encryption context to its case and field,
// so a ciphertext copied to another case or field does not open. Opening caches data keys briefly
// (the caching materials manager): a case read again within minutes costs no KMS call. Sealing
// does not: a new value always gets a new data key, even at a place sealed a minute before.
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  KmsKeyringNode,
  NodeCachingMaterialsManager,
  NodeDefaultCryptographicMaterialsManager,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
  type KeyringNode,
  type KmsNodeClientSupplier,
} from '@aws-crypto/client-node';
import { FIELD_CONTEXT_PURPOSE, fieldContext, type FieldLocation } from './field-context.ts';

export { FIELD_CONTEXT_PURPOSE, fieldContext, type FieldLocation } from './field-context.ts';

export interface FieldSealer {
  seal(plaintext: string, at: FieldLocation): Promise<Uint8Array>;
}

export interface FieldOpener {
  open(sealed: Uint8Array, at: FieldLocation): Promise<string>;
}

/** A sealed value read at a place it was not sealed for: moved, or tampered with. */
export class SealedValueMisplaced extends Error {
  override readonly name = 'SealedValueMisplaced';
}

// Key commitment on both sides; one encrypted data key per message (one wrapping key), so that a
// forged message cannot make a reader call KMS many times.
const { encrypt, decrypt } = buildClient({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT, maxEncryptedDataKeys: 1 });

/**
 * Without a signature: the writers and readers are our own functions, and a signature would add a
 * public key to every context and about a hundred bytes to every value (docs/encryption.md).
 */
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

export class FieldCipher implements FieldSealer, FieldOpener {
  /**
   * Sealing asks the keyring for a fresh data key every time (one KMS GenerateDataKey in AWS). Through
   * the cache, a value sealed again at the same place within minutes (a corrected answer) would reuse
   * the first one's data key, every sealed value's plaintext data key would stay in memory for
   * minutes although no other value can use it, and those entries would push out the keys cached
   * for reading.
   */
  private readonly sealing: NodeDefaultCryptographicMaterialsManager;
  /** Opening goes through the cache, which therefore only ever holds keys of values read. */
  private readonly opening: NodeCachingMaterialsManager;

  constructor(keyring: KeyringNode, cache: { capacity?: number; maxAgeMs?: number } = {}) {
    this.sealing = new NodeDefaultCryptographicMaterialsManager(keyring);
    this.opening = new NodeCachingMaterialsManager({
      backingMaterials: keyring,
      cache: getLocalCryptographicMaterialsCache(cache.capacity ?? 200),
      maxAge: cache.maxAgeMs ?? 5 * 60_000,
      partition: FIELD_CONTEXT_PURPOSE,
    });
  }

  async seal(plaintext: string, at: FieldLocation): Promise<Uint8Array> {
    const { result } = await encrypt(this.sealing, Buffer.from(plaintext, 'utf8'), {
      encryptionContext: fieldContext(at),
      suiteId: SUITE,
    });
    return new Uint8Array(result);
  }

  async open(sealed: Uint8Array, at: FieldLocation): Promise<string> {
    const { plaintext, messageHeader } = await decrypt(this.opening, sealed);
    // The SDK authenticates the context stored in the message; that it is this value's place is ours to check.
    const expected = fieldContext(at);
    for (const [key, value] of Object.entries(expected)) {
      if (messageHeader.encryptionContext[key] !== value) throw new SealedValueMisplaced(`sealed value does not belong to this ${key}`);
    }
    return plaintext.toString('utf8');
  }
}

/** In AWS: data keys from the customer managed KMS key (GenerateDataKey to seal, Decrypt to open). */
export function kmsKeyring(keyArn: string, clientProvider?: KmsNodeClientSupplier): KmsKeyringNode {
  return new KmsKeyringNode({ generatorKeyId: keyArn, ...(clientProvider ? { clientProvider } : {}) });
}

/** In the local runtime only: data keys wrapped by a raw AES-256 key kept in the local data folder. */
export function localKeyring(key: Uint8Array): RawAesKeyringNode {
  if (key.length !== 32) throw new Error('The local field key must be 32 bytes (AES-256)');
  return new RawAesKeyringNode({
    keyNamespace: 'casework-local',
    keyName: 'sensitive-fields',
    unencryptedMasterKey: key,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}
