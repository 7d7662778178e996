using MLSegmentation.Engine.Tests.Support;
using static TorchSharp.torch;

namespace MLSegmentation.Engine.Tests;

[Order(0)]
public class LoaderTests
{
    [Test, Order(0)]
    public void TorchSharpLoadsAndRuns()
    {
        TorchLoad.Ensure();
        using var x = arange(6, dtype: ScalarType.Float32).reshape(2, 3);
        using var y = x.matmul(x.t());
        Assert.That(y[0, 1].item<float>(), Is.EqualTo(0f * 3 + 1 * 4 + 2 * 5));
    }
}
