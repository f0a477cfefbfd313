using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace Detect.Onnx.Graph;

/// <summary>
/// An ONNX graph being written: nodes in execution order, weights as initializers, the graph's inputs and outputs,
/// all as OnnxSharp's generated protobuf messages. Every value gets a unique name derived from the module path that
/// made it (<c>backbone.layer1.0.conv1</c>), so a graph viewer shows where each node came from.
/// </summary>
public sealed class OnnxGraph
{
    readonly GraphProto graph = new() { Name = "detect" };
    readonly HashSet<string> names = new(StringComparer.Ordinal);
    readonly HashSet<string> initializers = new(StringComparer.Ordinal);
    Google.Protobuf.Collections.RepeatedField<NodeProto>? branch; // the nodes of the If branch being written, if any

    Google.Protobuf.Collections.RepeatedField<NodeProto> Target => branch ?? graph.Node;

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    /// <param name="opType">The ONNX operator (<c>Conv</c>, <c>Relu</c>...).</param>
    /// <param name="path">The module path the node belongs to; names are made unique from it.</param>
    /// <param name="inputs">Input value names; an empty string is an omitted optional input.</param>
    /// <param name="attributes">The node's attributes (<see cref="OnnxAttributes"/>).</param>
    public string Node(string opType, string path, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Unique($"{path}.{opType}");
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Target.Add(node);
        return output;
    }

    /// <summary>Adds a node with <paramref name="outputs"/> outputs (<c>TopK</c>: values and indices) and returns their names.</summary>
    public string[] Nodes(string opType, string path, int outputs, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var first = Node(opType, path, inputs, attributes);
        var node = Target[^1];
        for (int i = 1; i < outputs; i++) node.Output.Add(Unique($"{first}.{i}"));
        return [.. node.Output];
    }

    /// <summary>
    /// Adds a float32 or int64 tensor as an initializer (a copy, on the CPU) and returns its name. A name is a module's
    /// path and the parameter's name, so a second call with the same name (a module run on every pyramid level) returns
    /// the first initializer: shared weights are stored once.
    /// </summary>
    /// <exception cref="ArgumentException">Another element type.</exception>
    public string Initializer(string name, Tensor value)
    {
        if (initializers.Contains(name)) return name;
        using var cpu = value.detach().cpu().contiguous();
        var proto = new TensorProto { Name = Unique(name) };
        initializers.Add(proto.Name);
        proto.Dims.AddRange(cpu.shape);
        switch (cpu.dtype)
        {
            case ScalarType.Float32:
                proto.DataType = (int)TensorProto.Types.DataType.Float;
                proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Elements<float>(cpu)));
                break;
            case ScalarType.Int64:
                proto.DataType = (int)TensorProto.Types.DataType.Int64;
                proto.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Elements<long>(cpu)));
                break;
            default:
                throw new ArgumentException($"{name}: ONNX initializers are written for float32 and int64 tensors, not {cpu.dtype}.", nameof(value));
        }
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A constant 1-D int64 initializer (shapes, axes, slice bounds).</summary>
    public string Int64s(string name, params long[] values)
    {
        using var t = tensor(values, ScalarType.Int64);
        return Initializer(name, t);
    }

    /// <summary>A constant 0-d int64 initializer (operators such as <c>Range</c> take scalars, not 1-element tensors).</summary>
    public string Int64Scalar(string name, long value)
    {
        using var t = tensor(value);
        return Initializer(name, t);
    }

    /// <summary>A constant float32 initializer of <paramref name="shape"/>.</summary>
    public string Floats(string name, float[] values, params long[] shape)
    {
        using var t = tensor(values, shape, ScalarType.Float32);
        return Initializer(name, t);
    }

    /// <summary>Declares a float32 graph input; a dimension is a size (long) or a symbolic name (string).</summary>
    public string Input(string name, IReadOnlyList<object> dims)
    {
        names.Add(name);
        graph.Input.Add(ValueInfo(name, dims, TensorProto.Types.DataType.Float));
        return name;
    }

    /// <summary>
    /// Declares <paramref name="value"/> a graph output of <paramref name="elementType"/> (float32 by default) under
    /// <paramref name="name"/> (an Identity node renames it).
    /// </summary>
    public void Output(string name, string value, IReadOnlyList<object> dims, TensorProto.Types.DataType elementType = TensorProto.Types.DataType.Float)
    {
        names.Add(name);
        var node = new NodeProto { OpType = "Identity", Name = Unique($"{name}.Identity") };
        node.Input.Add(value);
        node.Output.Add(name);
        graph.Node.Add(node);
        graph.Output.Add(ValueInfo(name, dims, elementType));
    }

    /// <summary>
    /// An <c>If</c> node: <paramref name="thenBranch"/> when the one-element bool <paramref name="condition"/> holds, else
    /// <paramref name="elseBranch"/>; each writes its nodes into its own subgraph (values and initializers of the outer graph
    /// are visible there) and returns the one value the branch gives, of <paramref name="elementType"/> and rank <paramref name="rank"/>.
    /// </summary>
    public string If(string path, string condition, Func<string> thenBranch, Func<string> elseBranch, TensorProto.Types.DataType elementType, int rank)
    {
        var thenGraph = Branch($"{path}.then", thenBranch, elementType, rank);
        var elseGraph = Branch($"{path}.else", elseBranch, elementType, rank);
        var output = Unique($"{path}.If");
        var node = new NodeProto { OpType = "If", Name = output };
        node.Input.Add(condition);
        node.Output.Add(output);
        node.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = thenGraph });
        node.Attribute.Add(new AttributeProto { Name = "else_branch", Type = AttributeProto.Types.AttributeType.Graph, G = elseGraph });
        Target.Add(node);
        return output;
    }

    GraphProto Branch(string name, Func<string> build, TensorProto.Types.DataType elementType, int rank)
    {
        var sub = new GraphProto { Name = name };
        var outer = branch;
        branch = sub.Node;
        string result;
        try
        {
            result = build();
        }
        finally
        {
            branch = outer;
        }
        // A branch's output must be made inside it: an outer value is passed through an Identity.
        if (!sub.Node.Any(n => n.Output.Contains(result)))
        {
            var identity = new NodeProto { OpType = "Identity", Name = Unique($"{name}.Identity") };
            identity.Input.Add(result);
            identity.Output.Add(identity.Name);
            sub.Node.Add(identity);
            result = identity.Name;
        }
        sub.Output.Add(ValueInfo(result, [.. Enumerable.Range(0, rank).Select(i => (object)$"{result}_{i}")], elementType));
        return sub;
    }

    /// <summary>The model: this graph under the default ONNX domain at <paramref name="opset"/>.</summary>
    public ModelProto ToModel(int opset, string producerVersion, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 8, // ONNX 1.13: what opsets 17–18 need, and what Debian's python3-onnx checks.
            ProducerName = "Detect",
            ProducerVersion = producerVersion,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    static ValueInfoProto ValueInfo(string name, IReadOnlyList<object> dims, TensorProto.Types.DataType elementType)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } };
        return new ValueInfoProto { Name = name, Type = type };
    }

    static T[] Elements<T>(Tensor t) where T : unmanaged => t.numel() == 0 ? [] : t.data<T>().ToArray();

    string Unique(string name)
    {
        var candidate = name;
        for (int i = 1; !names.Add(candidate); i++) candidate = $"{name}_{i}";
        return candidate;
    }
}
