using Detect.Platform;

namespace Detect.Runtime.Tests.Platform;

public class TorchRuntimeTests
{
    [Fact]
    public void LoadsLibTorch210FromTheApplicationFolder()
    {
        TorchRuntime.EnsureInitialized();

        Assert.StartsWith("2.10", TorchRuntime.LibTorchVersion);
        string loaded = Assert.Single(NativeLibraryPaths.Loaded("libtorch_cpu.so"));
        Assert.StartsWith(Path.GetFullPath(AppContext.BaseDirectory), loaded);
        Assert.Single(NativeLibraryPaths.Loaded("libc10.so"));
    }

    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("CPU", "cpu")]
    [InlineData("auto", "cpu")] // this project's machines have no GPU; auto falls back to CPU
    public void ResolvesDeviceNames(string requested, string expected)
    {
        if (TorchSharp.torch.cuda.is_available() && requested == "auto") expected = "cuda";
        Assert.Equal(expected, DeviceSelector.Resolve(requested).type.ToString().ToLowerInvariant());
    }

    [Fact]
    public void RejectsUnknownDevice()
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("tpu"));
        Assert.Contains("tpu", error.Message);
    }
}
