/** Reads staged Parquet bytes back (parquet-wasm → Arrow IPC → Arrow JS) and their metadata. */
import { tableFromIPC, type Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm';

export function readParquetTable(bytes: Uint8Array): Table {
  return tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
}

export interface ParquetInfo {
  rows: number;
  rowGroups: number[];
  createdBy: string | undefined;
  compressions: parquet.Compression[];
}

export async function parquetInfo(bytes: Uint8Array): Promise<ParquetInfo> {
  const file = await parquet.ParquetFile.fromFile(new Blob([bytes]));
  const meta = file.metadata();
  const groups = meta.rowGroups();
  return {
    rows: meta.fileMetadata().numRows(),
    rowGroups: groups.map((g) => g.numRows()),
    createdBy: meta.fileMetadata().createdBy(),
    compressions: groups.flatMap((g) => g.columns().map((c) => c.compression())),
  };
}
