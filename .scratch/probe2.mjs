import * as ort from 'onnxruntime-node';
const f='/work/shared/models/classify/mobilenet-v2-1.0-224-quant.onnx';
for (const extra of [{}, {'session.disable_quant_qdq':'1'}, {session:{disable_quant_qdq:'1'}}]) {
  const s = await ort.InferenceSession.create(f, { intraOpNumThreads: 1, graphOptimizationLevel: 'all', extra });
  const t = new ort.Tensor('float32', new Float32Array(3*224*224), [1,3,224,224]);
  await s.run({input: t});
  const t0 = performance.now(); for (let i=0;i<10;i++) await s.run({input: t});
  console.log(JSON.stringify(extra), ((performance.now()-t0)/10).toFixed(1));
}
const sq = await ort.InferenceSession.create('/work/shared/models/classify/squeezenet1.0.onnx', { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
const t = new ort.Tensor('float32', new Float32Array(3*224*224), [1,3,224,224]);
await sq.run({data_0: t}); const t0 = performance.now(); for (let i=0;i<10;i++) await sq.run({data_0: t}); console.log('squeeze', ((performance.now()-t0)/10).toFixed(1));
