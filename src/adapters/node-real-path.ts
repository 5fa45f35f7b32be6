// The security layer's RealPathPort on Node's fs (realpath and lstat).
import { promises as fs } from 'fs';
import type { RealPathPort } from '../orchestrator/security/path-guard';

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);

export const nodeRealPath: RealPathPort = {
  async realpath(file) {
    try {
      return await fs.realpath(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ELOOP') throw Object.assign(new Error(`${file} is a symbolic link loop`), { code });
      if (MISSING.has(code)) return undefined;
      throw error;
    }
  },
  async lstatKind(file) {
    try {
      const s = await fs.lstat(file);
      return s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other';
    } catch (error) {
      if (MISSING.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw error;
    }
  },
  list: (folder) => fs.readdir(folder),
};
