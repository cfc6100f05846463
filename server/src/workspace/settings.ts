// Editor settings (`meshLens.*`) -> index options. The kuma-cp config file is read by the server
// and passed in as text.
import { DEFAULT_KUBERNETES_OPTIONS } from '../engine/kubernetes';
import { ControlPlaneSettings, DEFAULT_SETTINGS, readCpConfig } from '../engine/settings';
import { DEFAULT_KUMA_VERSION, normalizeKumaVersion } from '../engine/versions/kumaVersion';
import { IndexOptions } from './index';

export interface MeshLensSettings {
  cpConfig?: string;
  dnsDomain?: string;
  vipCidr?: string;
  serviceVipEnabled?: boolean;
  zone?: string;
  exclude?: string[];
  diagnostics?: { disable?: string[] };
  kubernetes?: { assumeInjected?: boolean };
  kumaVersion?: string;
}

export function toIndexOptions(s: MeshLensSettings, cpConfig?: { file: string; text: string | undefined }): IndexOptions {
  const kumaVersion = (typeof s.kumaVersion === 'string' && normalizeKumaVersion(s.kumaVersion)) || DEFAULT_KUMA_VERSION;
  let settings: ControlPlaneSettings = { ...DEFAULT_SETTINGS, kumaVersion };
  const settingsProblems: { file: string; message: string }[] = [];
  if (cpConfig) {
    if (cpConfig.text === undefined) settingsProblems.push({ file: cpConfig.file, message: `meshLens.cpConfig: cannot read ${cpConfig.file}` });
    else {
      const read = readCpConfig(cpConfig.text, settings);
      settings = read.settings;
      for (const p of read.problems) settingsProblems.push({ file: cpConfig.file, message: p.field ? `${p.field}: ${p.message}` : p.message });
    }
  }
  settings = {
    ...settings,
    ...(typeof s.dnsDomain === 'string' && s.dnsDomain ? { dnsDomain: s.dnsDomain } : {}),
    ...(typeof s.vipCidr === 'string' && s.vipCidr ? { cidr: s.vipCidr } : {}),
    ...(typeof s.serviceVipEnabled === 'boolean' ? { serviceVipEnabled: s.serviceVipEnabled } : {}),
    ...(typeof s.zone === 'string' && s.zone ? { zone: s.zone } : {}),
    kumaVersion,
  };
  return {
    settings,
    kubernetes: {
      assumeInjected: typeof s.kubernetes?.assumeInjected === 'boolean' ? s.kubernetes.assumeInjected : DEFAULT_KUBERNETES_OPTIONS.assumeInjected,
      kumaVersion: settings.kumaVersion!,
    },
    disabled: new Set(Array.isArray(s.diagnostics?.disable) ? s.diagnostics.disable.filter((c): c is string => typeof c === 'string') : []),
    settingsProblems,
  };
}
