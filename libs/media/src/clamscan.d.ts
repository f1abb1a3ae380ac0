// The part of the `clamscan` package media use: clamd over TCP, INSTREAM (the package ships no types).
declare module 'clamscan' {
  import type { Readable } from 'node:stream';

  interface ScanResult {
    isInfected: boolean | null;
    viruses: string[];
    resultString?: string;
    timeout?: boolean;
  }
  interface Settings {
    preference?: 'clamdscan' | 'clamscan';
    debugMode?: boolean;
    clamscan?: { active?: boolean };
    clamdscan?: {
      host?: string;
      port?: number;
      timeout?: number;
      localFallback?: boolean;
      bypassTest?: boolean;
      active?: boolean;
    };
  }
  class NodeClam {
    init(settings: Settings): Promise<NodeClam>;
    scanStream(stream: Readable): Promise<ScanResult>;
    getVersion(): Promise<string>;
  }
  export = NodeClam;
}
