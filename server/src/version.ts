// The one version string: package.json's, inlined into the bundles by esbuild.
import { version } from '../../package.json';

export const VERSION: string = version;
