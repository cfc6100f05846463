// Helm chart templates: the files under a chart's `templates/` folder (the folder beside its
// `Chart.yaml`) are Go templates that `helm template` renders; read as YAML they are not what the
// cluster receives, so they are never analysed as resources and get no diagnostics. Pure: the
// caller says which folders hold a Chart.yaml.

/** Folders (with `/` separators, '' for the root) that hold a `Chart.yaml`, from a list of file names. */
export function chartFolders(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const slash = f.lastIndexOf('/');
    if (f.slice(slash + 1) === 'Chart.yaml') out.add(slash < 0 ? '' : f.slice(0, slash));
  }
  return out;
}

/** Is `file` (a `/`-separated path) under `templates/` of a folder for which `hasChart` says yes? */
export function isHelmTemplate(file: string, hasChart: (folder: string) => boolean): boolean {
  const parts = file.split('/');
  // Every `templates` folder on the way counts: a chart's templates may sit in subfolders.
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] === 'templates' && hasChart(parts.slice(0, i).join('/'))) return true;
  }
  return false;
}
