using System.Text.Json;
using MLSegmentation.Torch.Modules;
using MLSegmentation.Torch.Tests.Reference;

namespace MLSegmentation.Torch.Tests;

/// <summary>Modules against PyTorch 1.13 built with the same configuration and seed (reference/modules.py).</summary>
public class ModulesParityTests
{
    private JsonElement _reference;

    [OneTimeSetUp]
    public void RunPyTorch() => _reference = PyTorchReference.Run("modules.py");

    private static readonly Dictionary<string, (Func<Module<Tensor, Tensor>> make, long[] input)> s_cases = new()
    {
        ["conv2d"] = (() => torch.nn.Conv2d(3, 8, 3, stride: 2, padding: 1), [2, 3, 9, 9]),
        ["conv3d"] = (() => torch.nn.Conv3d(2, 4, 3, padding: 1, bias: false), [1, 2, 5, 5, 5]),
        ["conv_transpose2d"] = (() => torch.nn.ConvTranspose2d(8, 4, 2, stride: 2), [2, 8, 3, 3]),
        ["conv_transpose3d"] = (() => torch.nn.ConvTranspose3d(4, 2, 3, stride: 2, padding: 1, outputPadding: 1), [1, 4, 2, 2, 2]),
        ["linear"] = (() => torch.nn.Linear(10, 5), [3, 10]),
        ["batchnorm2d"] = (() => torch.nn.BatchNorm2d(8), [2, 8, 3, 3]),
        ["batchnorm3d"] = (() => torch.nn.BatchNorm3d(4, affine: false), [2, 4, 2, 2, 2]),
        ["instancenorm2d"] = (() => torch.nn.InstanceNorm2d(3, affine: true), [2, 3, 4, 4]),
        ["groupnorm"] = (() => torch.nn.GroupNorm(2, 8), [2, 8, 3, 3]),
        ["sequential"] = (() => torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding: 1), torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
            torch.nn.MaxPool2d(2), torch.nn.Conv2d(8, 4, 1), torch.nn.Upsample(scaleFactor: 2, mode: InterpolationMode.Linear)), [2, 3, 6, 6]),
    };

    [TestCase("conv2d")]
    [TestCase("conv3d")]
    [TestCase("conv_transpose2d")]
    [TestCase("conv_transpose3d")]
    [TestCase("linear")]
    [TestCase("batchnorm2d")]
    [TestCase("batchnorm3d")]
    [TestCase("instancenorm2d")]
    [TestCase("groupnorm")]
    [TestCase("sequential")]
    public void StateDictInitialisationAndOutputMatchPyTorch(string name)
    {
        using var scope = torch.NewDisposeScope();
        (Func<Module<Tensor, Tensor>> make, long[] inputShape) = s_cases[name];
        JsonElement expected = _reference.GetProperty(name);

        torch.manual_seed(0);
        using Module<Tensor, Tensor> module = make();
        torch.manual_seed(1);
        var input = torch.randn(inputShape);
        var output = module.call(input);

        using (var state = module.state_dict())
        {
            Assert.That(state.Keys, Is.EqualTo(expected.GetProperty("keys").EnumerateArray().Select(k => k.GetString())), "state dict keys and order");
            Assert.That(state.Values.Select(t => t.shape), Is.EqualTo(expected.GetProperty("shapes").EnumerateArray().Select(PyTorchReference.Longs)));
        }
        Assert.That(module.parameters().Sum(p => p.numel()), Is.EqualTo(expected.GetProperty("count").GetInt64()), "parameter count");
        double[] parameters = module.parameters().SelectMany(p => p.data<float>()).Select(v => (double)v).ToArray();
        Assert.That(parameters, Is.EqualTo(PyTorchReference.Doubles(expected.GetProperty("params"))).Within(1e-7),
            "initial values drawn from the same generator in PyTorch's order");
        Assert.That(output.shape, Is.EqualTo(PyTorchReference.Longs(expected.GetProperty("out_shape"))));
        Assert.That(output.data<float>().Select(v => (double)v), Is.EqualTo(PyTorchReference.Doubles(expected.GetProperty("out"))).Within(2e-5));
    }
}
