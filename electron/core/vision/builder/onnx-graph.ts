// A small writer of ONNX graphs over the official schema (onnx-proto's generated protobuf code):
// float initializers, nodes with int/float attributes, symbolic-dimension inputs and outputs.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Attr = number | number[];
/** A dimension: a fixed size, or a name for a size chosen at run time ("batch"). */
type Dim = number | string;

export const OPSET = 13;

type ElemType = 'float32' | 'int8' | 'uint8' | 'int32';
const ELEM: Record<ElemType, number> = { float32: onnx.TensorProto.DataType.FLOAT, int8: onnx.TensorProto.DataType.INT8, uint8: onnx.TensorProto.DataType.UINT8, int32: onnx.TensorProto.DataType.INT32 };

export class OnnxGraph {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private counter = 0;

  constructor(readonly name: string) {}

  /** A float32 constant; returns its name. */
  initializer(name: string, dims: number[], data: Float32Array): string {
    const count = dims.reduce((a, x) => a * x, 1);
    if (count !== data.length) throw new Error(`initializer ${name}: ${data.length} values for shape [${dims}]`);
    this.initializers.push(
      onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }),
    );
    return name;
  }

  /** Adds a node; returns the name of its (first) output. */
  node(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output = `${opType.toLowerCase()}_${this.counter++}`): string {
    const attribute = Object.entries(attrs).map(([name, v]) =>
      Array.isArray(v)
        ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v })
        : Number.isInteger(v)
          ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: v })
          : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v }),
    );
    this.nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [output], name: output, attribute }));
    return output;
  }

  private valueInfo(name: string, dims: Dim[], elemType: ElemType = 'float32') {
    return onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: {
          elemType: ELEM[elemType],
          shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
        },
      },
    });
  }

  input(name: string, dims: Dim[], elemType: ElemType = 'float32'): string {
    this.inputs.push(this.valueInfo(name, dims, elemType));
    return name;
  }

  output(name: string, dims: Dim[], elemType: ElemType = 'float32'): void {
    this.outputs.push(this.valueInfo(name, dims, elemType));
  }

  /** The serialized model (ONNX IR 7, opset 13: what every onnxruntime since 1.7 reads). */
  encode(meta: Record<string, string> = {}): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'smart-album',
      graph: onnx.GraphProto.create({ name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs }),
      metadataProps: Object.entries(meta).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/**
 * A copy of a serialized model with one more output: the global average pool of an inner tensor
 * (e.g. a classifier's last feature map), for "similar photos". The original file is not touched.
 */
export function withPooledOutput(model: Uint8Array, tensor: string, output: string): Uint8Array {
  const m = onnx.ModelProto.decode(model);
  const g = m.graph!;
  const nodes = (g.node ??= []);
  const outputs = (g.output ??= []);
  if (!nodes.some((n) => n.output?.includes(tensor))) throw new Error(`the model has no tensor "${tensor}"`);
  if (!outputs.some((o) => o.name === output)) {
    nodes.push(onnx.NodeProto.create({ opType: 'GlobalAveragePool', input: [tensor], output: [output], name: `${output}_pool` }));
    outputs.push(onnx.ValueInfoProto.create({ name: output, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }));
  }
  return onnx.ModelProto.encode(m).finish();
}
