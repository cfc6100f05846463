// Preloaded into a benchmarked CLI run: reports the process's own resource usage (peak RSS) on exit.
process.on('exit', () => {
  process.stderr.write(`\nmesh-lens-rusage ${JSON.stringify(process.resourceUsage())}\n`);
});
