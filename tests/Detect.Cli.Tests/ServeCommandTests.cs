using System.Net;
using System.Net.Sockets;

namespace Detect.Cli.Tests;

/// <summary>
/// <c>detect serve</c>'s refusals: each a one-line message and an exit code, never a stack trace. (The server itself is
/// tested in Detect.Serving.Tests; a command that serves would not return.)
/// </summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--backend", "onnxruntime", "--backend onnxruntime needs --model model.onnx")]
    [InlineData("--model", "model.onnx", "--model is for --backend onnxruntime")]
    [InlineData("--max-batch-size", "0", "--max-batch-size must be at least 1")]
    [InlineData("--queue-size", "0", "--queue-size must be at least 1")]
    [InlineData("--host", "example.com", "--host must be an IP address or localhost")]
    public void Bad_options_are_one_line_errors(string option, string value, string message)
    {
        var run = Cli.Run("serve", "--config", TinyShapesRetinaNet.Experiment, option, value);
        Assert.Equal(2, run.Exit);
        Assert.Contains(message, run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }

    [Fact]
    public void A_port_in_use_is_a_one_line_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var tmp = new TempFolder();
        var run = Cli.Run(["serve", "--config", TinyShapesRetinaNet.Experiment, "--device", "cpu", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. TinyShapesRetinaNet.Options(tmp.Root)]);
        Assert.Equal(1, run.Exit);
        Assert.Contains($"127.0.0.1:{port}", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }
}
