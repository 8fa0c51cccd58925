import type { StorageTransaction } from '@strongroom/kernel';
import { IDENTITY_COLLECTIONS } from '../service/identity-collections.js';
import type { DeviceData, DeviceRecord } from './device-record.js';

/** The ids of a user's devices, oldest first, with the record's version. */
export async function loadUserDeviceIds(
  tx: StorageTransaction,
  userId: string,
): Promise<{ readonly deviceIds: readonly string[]; readonly version: number }> {
  const record = await tx.records.get(IDENTITY_COLLECTIONS.userDevices, userId);
  const deviceIds = record?.data['deviceIds'];
  return {
    deviceIds: Array.isArray(deviceIds) ? deviceIds.map(String) : [],
    version: record?.version ?? 0,
  };
}

/** Rewrites a user's device list over the version read. */
export async function saveUserDeviceIds(
  tx: StorageTransaction,
  userId: string,
  deviceIds: readonly string[],
  expectedVersion: number,
): Promise<void> {
  await tx.records.put({
    collection: IDENTITY_COLLECTIONS.userDevices,
    id: userId,
    data: { deviceIds: [...deviceIds] },
    expectedVersion,
  });
}

/** Several devices at once, `undefined` where missing. */
export async function loadDevices(
  tx: StorageTransaction,
  deviceIds: readonly string[],
): Promise<(DeviceRecord | undefined)[]> {
  return (await tx.records.getMany(IDENTITY_COLLECTIONS.devices, deviceIds)) as (
    | DeviceRecord
    | undefined
  )[];
}

/** Writes a device over the version read (0 for a new one). */
export async function saveDevice(
  tx: StorageTransaction,
  deviceId: string,
  data: DeviceData,
  expectedVersion: number,
): Promise<void> {
  await tx.records.put({
    collection: IDENTITY_COLLECTIONS.devices,
    id: deviceId,
    data,
    expectedVersion,
  });
}
