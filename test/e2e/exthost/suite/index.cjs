// Entry point loaded by VS Code's extension host (contract: exports.run(): Promise<void>).
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.cjs'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0 } = runner.stats ?? {};
      console.log(`exthost: ${passes} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
  });
};
