import path from 'node:path';
import { z } from 'zod';
import {
  SANDBOX,
  appNames,
  knownSettings,
  requiredSettings,
  schemaOf,
  settingsObject,
} from './app-settings';
import { base, configMap, development, mainContainer, secretExample } from './kubernetes-objects';
import { BASE_DIR, OVERLAYS, find, ofKind, overlayDir, readKustomization } from './manifests';

describe('Kubernetes base', () => {
  describe('settings', () => {
    const secretKeys = Object.keys(secretExample?.stringData ?? secretExample?.data ?? {});

    it('detects a setting a schema requires (so the next check is not vacuous)', () => {
      const stricter = settingsObject(schemaOf('gateway')).extend({ SIGNING_KEY: z.string() });
      expect(requiredSettings(stricter)).toEqual(['SIGNING_KEY']);
    });

    it.each(appNames())('%s gets every setting its config schema requires', (app) => {
      const objects = app === SANDBOX ? development.objects : base.objects;
      const deployment = find(objects, 'Deployment', app)!;
      const container = mainContainer(deployment.spec!.template!.spec, app);
      const provided = new Set([
        ...Object.keys(configMap(base.objects)),
        ...secretKeys,
        ...(container.env ?? []).map((e) => e.name),
      ]);
      expect(requiredSettings(schemaOf(app)).filter((key) => !provided.has(key))).toEqual([]);
    });

    it('configures only settings some service reads', () => {
      const known = knownSettings();
      const configured = [
        ...Object.keys(configMap(base.objects)),
        ...OVERLAYS.flatMap((o) =>
          Object.keys(configMap(readKustomization(overlayDir(o)).patches)),
        ),
        ...secretKeys,
      ];
      expect(configured.filter((key) => !known.has(key))).toEqual([]);
    });

    it('commits no Secret: the one the services read is created out of band', () => {
      for (const dir of [BASE_DIR, ...OVERLAYS.map(overlayDir)]) {
        expect(ofKind(readKustomization(dir).objects, 'Secret')).toEqual([]);
      }
      expect(base.files).not.toContain(path.join(BASE_DIR, 'secret.example.yaml'));
    });
  });

  it('is secure by default: the base ConfigMap runs production; only an overlay chooses development', () => {
    expect(configMap(base.objects).ENVIRONMENT).toBe('production');
  });
});
