// Fails loudly when npm scripts do not run under the pinned Node 24 (the `node` devDependency).
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `This project runs on Node 24; npm scripts are running on Node ${process.versions.node}. Run \`npm ci\` so the pinned \`node\` devDependency is installed.`,
  );
  process.exit(1);
}
