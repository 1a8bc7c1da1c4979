import * as ort from 'onnxruntime-node';
const M='/work/shared/models/';
for (const [f, extra] of [['classify/mobilenet-v2-1.0-224-quant.onnx', undefined], ['classify/mobilenet-v2-1.0-224-quant.onnx', {session:{disable_quant_qdq:'1'}}], ['detect/nanodet-m-416.onnx'], ['detect/nanodet-m-320.onnx']]) {
  const s = await ort.InferenceSession.create(M+f, { intraOpNumThreads: 1, graphOptimizationLevel: 'all', ...(extra ? { extra } : {}) });
  console.log(f, s.inputNames, s.outputNames, JSON.stringify(s.inputMetadata?.map?.(m=>m.shape)));
  const size = f.includes('416') ? 416 : f.includes('320') ? 320 : 224;
  const t = new ort.Tensor('float32', new Float32Array(3*size*size), [1,3,size,size]);
  let out = await s.run({[s.inputNames[0]]: t});
  const t0 = performance.now(); for (let i=0;i<10;i++) out = await s.run({[s.inputNames[0]]: t});
  console.log(' ms', ((performance.now()-t0)/10).toFixed(1), Object.entries(out).map(([k,v])=>k+':'+v.dims.join('x')).join(' '));
}
