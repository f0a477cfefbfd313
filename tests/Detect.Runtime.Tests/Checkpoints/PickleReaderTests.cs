using System.Numerics;
using Detect.Checkpoints;
using Detect.Checkpoints.Pickle;

namespace Detect.Runtime.Tests.Checkpoints;

/// <summary>The pickle interpreter on bytes produced by CPython's pickle module (protocols 0 and 4).</summary>
public class PickleReaderTests
{
    // /usr/bin/python3 -c "import pickle, collections; print(pickle.dumps({'a': [1, -2, 3.5, None, True],
    //   ('t', 1): b'xy', 'long': 2**64, 'od': collections.OrderedDict([('k', 'v')]), 's': frozenset([7])}, protocol=P).hex())"
    const string Protocol4 =
        "80049576000000000000007d94288c0161945d94284b014afeffffff47400c0000000000004e88658c0174944b01869443027879948c046c6f6e67948a09" +
        "0000000000000000018c026f64948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c016b948c017694738c017394284b079194752e";

    const string Protocol0 =
        "286470300a56610a70310a286c70320a49310a61492d320a6146332e350a614e614930310a61732856740a70330a49310a7470340a635f636f646563730a656e63" +
        "6f64650a70350a285678790a70360a566c6174696e310a70370a7470380a5270390a73566c6f6e670a7031300a4c31383434363734343037333730393535313631" +
        "364c0a73566f640a7031310a63636f6c6c656374696f6e730a4f726465726564446963740a7031320a2874527031330a566b0a7031340a56760a7031350a7373" +
        "56730a7031360a635f5f6275696c74696e5f5f0a66726f7a656e7365740a7031370a28286c7031380a49370a61747031390a527032300a732e";

    [Theory]
    [InlineData(Protocol4)]
    [InlineData(Protocol0)]
    public void ReadsCPythonPickles(string hex)
    {
        using var stream = new MemoryStream(Convert.FromHexString(hex));
        var root = Assert.IsType<PickleDict>(new PickleReader(stream, "test", new PythonBuiltins()).Load());

        Assert.Equal([1L, -2L, 3.5, null, true], (List<object?>)root["a"]!);
        Assert.Equal("xy"u8.ToArray(), root[new PickleTuple(["t", 1L])]);
        Assert.Equal(BigInteger.Pow(2, 64), root["long"]);
        Assert.Equal("v", ((PickleDict)root["od"]!)["k"]);
        Assert.Equal([7L], ((HashSet<object>)root["s"]!).Cast<long>());
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void TruncatedPickleNamesTheSourceAndOffset()
    {
        var bytes = Convert.FromHexString(Protocol4)[..40];
        using var stream = new MemoryStream(bytes);
        var e = Assert.Throws<CheckpointFormatException>(() => new PickleReader(stream, "file.pth:data.pkl", new PythonBuiltins()).Load());
        Assert.StartsWith("file.pth:data.pkl: malformed pickle at byte", e.Message);
    }

    [Fact]
    public void UnknownClassesStayDataInsteadOfRunning()
    {
        // pickle.dumps(argparse.Namespace(x=1), protocol=2): GLOBAL argparse Namespace, EMPTY_TUPLE, NEWOBJ, BUILD {x: 1}
        var hex = "80026361726770617273650a4e616d6573706163650a7100298171017d710258010000007871034b0173622e";
        using var stream = new MemoryStream(Convert.FromHexString(hex));
        var obj = Assert.IsType<PickledObject>(new PickleReader(stream, "test", new PythonBuiltins()).Load());
        Assert.Equal(new PickleGlobal("argparse", "Namespace"), obj.Type);
        Assert.Equal(1L, ((PickleDict)obj.State!)["x"]);
    }
}
