// Reference outputs of face-api's own FaceExpressionNet: the package's loader (loadFromDisk),
// its forward pass, tfjs's cpu backend. autotier's DJL port must agree within 1e-4.
//
//   node reference.cjs FACEAPI_PACKAGE_DIR synthetic OUT.json         the committed test fixture
//   node reference.cjs FACEAPI_PACKAGE_DIR INPUT.u8 N OUT.json        N crops, 112x112 RGB uint8, HWC
const fs = require('fs');
const path = require('path');
const [pkg, input, a3, a4] = process.argv.slice(2);
const faceapi = require(path.resolve(pkg, 'dist/face-api.node-wasm.js'));
const tf = faceapi.tf;
const S = 112;

// Synthetic face-like images from integer arithmetic only, so Java rebuilds them bit for bit
// (FaceExpressionNetTest.synthetic): a gradient background, a skin ellipse, two eyes, a mouth
// that opens wider from image to image.
function synthetic(k) {
  const img = new Uint8Array(S * S * 3);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      let r = (x * 2 + y * (k + 1)) % 256, g = (y * 2 + 30 * k) % 256, b = (x + y) % 256;
      const dx = x - 56, dy = y - 58;
      if (dx * dx * 2500 + dy * dy * 1600 < 1600 * 2500) { r = 205 - 12 * k; g = 160 + 5 * k; b = 130; }
      const ex1 = x - 40, ex2 = x - 72, ey = y - 45;
      if (ex1 * ex1 + ey * ey < 30 || ex2 * ex2 + ey * ey < 30) { r = 30; g = 20; b = 20; }
      if (y >= 78 && y < 81 + 4 * k && x >= 42 && x < 71) { r = 120; g = 30; b = 40; }
      const i = (y * S + x) * 3;
      img[i] = r; img[i + 1] = g; img[i + 2] = b;
    }
  }
  return img;
}

(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.faceExpressionNet.loadFromDisk(path.resolve(pkg, 'model'));
  const net = faceapi.nets.faceExpressionNet;
  let images = [];
  let out;
  if (input === 'synthetic') {
    for (let k = 0; k < 4; k++) images.push(synthetic(k));
    out = a3;
  } else {
    const raw = fs.readFileSync(input);
    for (let k = 0; k < Number(a3); k++) images.push(raw.subarray(k * S * S * 3, (k + 1) * S * S * 3));
    out = a4;
  }
  const results = [];
  for (const pixels of images) {
    const img = tf.tensor3d(Int32Array.from(pixels), [S, S, 3], 'int32');
    const expressions = await net.predictExpressions(img);
    const netInput = await faceapi.toNetInput(img);
    const feat = net.faceFeatureExtractor.forwardInput(netInput);
    results.push({ expressions, embedding: Array.from(feat.dataSync()) });
    feat.dispose();
    img.dispose();
  }
  const version = JSON.parse(fs.readFileSync(path.resolve(pkg, 'package.json'))).version;
  fs.writeFileSync(out, JSON.stringify({ generator: 'tools/faceapi-reference/reference.cjs',
    faceApi: '@vladmandic/face-api@' + version, tfjs: tf.version_core, backend: tf.getBackend(), input, results }));
})().catch(e => { console.error(e); process.exit(1); });
