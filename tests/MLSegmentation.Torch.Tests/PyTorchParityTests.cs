using System.Diagnostics;
using System.Text.Json;
using F = MLSegmentation.Torch.torch.nn.functional;

namespace MLSegmentation.Torch.Tests;

/// <summary>
/// Operator values and gradients against PyTorch 1.13.1 for Python (Debian's python3-torch, the same
/// engine): a script run once draws the inputs, computes the references and writes them as JSON;
/// each test recomputes them here from the same inputs.
/// </summary>
[NonParallelizable]
public class PyTorchParityTests
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, sys
        import torch
        import torch.nn.functional as F

        torch.manual_seed(0)
        cases = {}

        def t(x):
            return {"shape": list(x.shape), "data": x.detach().double().flatten().tolist()}

        def case(name, inputs, outputs):
            cases[name] = {"inputs": {k: t(v) for k, v in inputs.items()}, "outputs": {k: t(v) for k, v in outputs.items()}}

        def r(*shape):
            return torch.randn(*shape, dtype=torch.float64)

        # Convolutions (values and gradients of sum(out * g)).
        x, w, b = r(2, 3, 7, 7).requires_grad_(), r(4, 3, 3, 3).requires_grad_(), r(4).requires_grad_()
        out = F.conv2d(x, w, b, stride=2, padding=1)
        g = r(*out.shape)
        gx, gw, gb = torch.autograd.grad((out * g).sum(), [x, w, b])
        case("conv2d", {"x": x, "w": w, "b": b, "g": g}, {"out": out, "gx": gx, "gw": gw, "gb": gb})

        x, w = r(1, 2, 5, 5, 5).requires_grad_(), r(3, 2, 3, 3, 3).requires_grad_()
        out = F.conv3d(x, w, padding=1, dilation=1)
        gx, gw = torch.autograd.grad(out.square().sum(), [x, w])
        case("conv3d", {"x": x, "w": w}, {"out": out, "gx": gx, "gw": gw})

        x, w, b = r(1, 3, 4, 4), r(3, 2, 2, 2), r(2)
        case("conv_transpose2d", {"x": x, "w": w, "b": b}, {"out": F.conv_transpose2d(x, w, b, stride=2)})
        x, w = r(1, 2, 3, 3, 3), r(2, 2, 2, 2, 2)
        case("conv_transpose3d", {"x": x, "w": w}, {"out": F.conv_transpose3d(x, w, stride=2)})

        # Interpolation.
        x = r(2, 2, 4, 5)
        case("interpolate", {"x": x}, {
            "bilinear": F.interpolate(x, size=(7, 9), mode="bilinear", align_corners=False),
            "bilinear_ac": F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=True),
            "nearest": F.interpolate(x, size=(5, 3), mode="nearest"),
            "area": F.interpolate(x, size=(2, 3), mode="area")})
        v = r(1, 2, 3, 4, 5).requires_grad_()
        tri = F.interpolate(v, size=(5, 6, 4), mode="trilinear", align_corners=False)
        gv, = torch.autograd.grad(tri.square().sum(), [v])
        case("trilinear", {"v": v}, {"out": tri, "gv": gv,
            "nearest3d": F.interpolate(v, scale_factor=2, mode="nearest")})

        # Cross-entropy: class weights, ignore_index, reductions, soft targets, label smoothing.
        logits = r(3, 4, 5, 6).requires_grad_()
        target = torch.randint(0, 4, (3, 5, 6))
        target[0, :2] = -1
        target[2, 3, 4] = -1
        weight = torch.tensor([0.2, 1.0, 2.5, 0.7], dtype=torch.float64)
        ce = F.cross_entropy(logits, target, weight=weight, ignore_index=-1)
        glogits, = torch.autograd.grad(ce, [logits])
        soft = torch.softmax(r(3, 4, 5, 6), 1)
        case("cross_entropy", {"logits": logits, "target": target, "weight": weight, "soft": soft}, {
            "mean": ce, "glogits": glogits,
            "none": F.cross_entropy(logits, target, weight=weight, ignore_index=-1, reduction="none"),
            "sum": F.cross_entropy(logits, target, weight=weight, ignore_index=-1, reduction="sum"),
            "smoothed": F.cross_entropy(logits, target, weight=weight, ignore_index=-1, label_smoothing=0.1),
            "soft": F.cross_entropy(logits, soft),
            "soft_weighted": F.cross_entropy(logits, soft, weight=weight, label_smoothing=0.2)})

        # Normalisation.
        x = r(2, 6, 4, 4).requires_grad_()
        gamma, beta = r(6), r(6)
        gn = F.group_norm(x, 3, gamma, beta, eps=1e-5)
        torch.manual_seed(1)
        gweights = torch.randn(*gn.shape, dtype=torch.float64)
        gxn, = torch.autograd.grad((gn * gweights).sum(), [x])
        case("group_norm", {"x": x, "gamma": gamma, "beta": beta, "gweights": gweights}, {
            "out": gn, "gx": gxn,
            "instance": F.instance_norm(x, weight=gamma, bias=beta),
            "batch": F.batch_norm(x, None, None, gamma, beta, training=True),
            "group3d": F.group_norm(x.reshape(2, 6, 2, 2, 4), 2)})

        # Others the methods use.
        x = r(1, 2, 4, 5)
        grid = torch.rand(1, 3, 3, 2, dtype=torch.float64) * 2.4 - 1.2
        case("misc", {"x": x, "grid": grid}, {
            "reflect": F.pad(x, (2, 1, 1, 2), mode="reflect"),
            "replicate": F.pad(x, (2, 1, 1, 2), mode="replicate"),
            "grid_border": F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False),
            "grid_zeros_ac": F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=True),
            "maxpool3": F.max_pool2d(x, 3, stride=2, padding=1),
            "avgpool_ceil": F.avg_pool2d(x, 2, ceil_mode=True),
            "adaptive": F.adaptive_avg_pool2d(x, (3, 2)),
            "normalize": F.normalize(x, dim=1),
            "logsigmoid": F.logsigmoid(x),
            "softplus": F.softplus(x, beta=2)})

        # float32 convolution under CPU bf16 autocast.
        x32, w32 = torch.randn(1, 4, 8, 8), torch.randn(5, 4, 3, 3)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            ac = F.conv2d(x32, w32, padding=1)
        case("autocast", {"x": x32.double(), "w": w32.double()}, {"out": ac.float()})

        json.dump({"torch": torch.__version__, "cases": cases}, open(sys.argv[1], "w"))
        """;

    private JsonElement _cases;

    [OneTimeSetUp]
    public void RunPyTorch()
    {
        if (!File.Exists(Python)) Assert.Ignore($"{Python} is not installed");
        string dir = Path.Combine(Path.GetTempPath(), "mlseg-parity-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string script = Path.Combine(dir, "reference.py");
            string output = Path.Combine(dir, "reference.json");
            File.WriteAllText(script, Script);
            var info = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(script);
            info.ArgumentList.Add(output);
            info.Environment["OMP_NUM_THREADS"] = "1";
            using Process process = Process.Start(info)!;
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("the PyTorch reference script did not finish in 120 s");
            }
            string errors = stderr.Result;
            if (process.ExitCode != 0 && errors.Contains("No module named 'torch'", StringComparison.Ordinal))
                Assert.Ignore("python3-torch is not installed (scripts/setup.sh installs it)");
            Assert.That(process.ExitCode, Is.Zero, $"the PyTorch reference script failed:\n{errors}");
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(output));
            _cases = document.RootElement.GetProperty("cases").Clone();
            TestContext.Out.WriteLine($"PyTorch {document.RootElement.GetProperty("torch").GetString()}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Tensor Read(JsonElement e, ScalarType type = ScalarType.Float64)
    {
        long[] shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        double[] data = e.GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        using Tensor flat = torch.tensor(data);
        using Tensor t = flat.reshape(shape);
        return t.to(type);
    }

    private Tensor Input(string name, string input, ScalarType type = ScalarType.Float64) =>
        Read(_cases.GetProperty(name).GetProperty("inputs").GetProperty(input), type);

    private void Expect(string name, string output, Tensor actual, double tolerance = 1e-10)
    {
        using Tensor expected = Read(_cases.GetProperty(name).GetProperty("outputs").GetProperty(output));
        using Tensor a = actual.to(ScalarType.Float64);
        Assert.That(a.shape, Is.EqualTo(expected.shape), $"{name}.{output}: shape");
        double difference = a.numel() == 0 ? 0 : (a - expected).abs().max().ToDouble();
        double scale = Math.Max(1, expected.numel() == 0 ? 0 : expected.abs().max().ToDouble());
        Assert.That(difference, Is.LessThanOrEqualTo(tolerance * scale), $"{name}.{output}: largest difference from PyTorch");
    }

    [Test]
    public void Convolutions()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = Input("conv2d", "x").requires_grad_(), w = Input("conv2d", "w").requires_grad_(), b = Input("conv2d", "b").requires_grad_();
        Tensor out2 = F.conv2d(x, w, b, stride: 2, padding: 1);
        Expect("conv2d", "out", out2);
        Tensor?[] g = torch.autograd.grad([(out2 * Input("conv2d", "g")).sum()], [x, w, b]);
        Expect("conv2d", "gx", g[0]!);
        Expect("conv2d", "gw", g[1]!);
        Expect("conv2d", "gb", g[2]!);

        Tensor x3 = Input("conv3d", "x").requires_grad_(), w3 = Input("conv3d", "w").requires_grad_();
        Tensor out3 = F.conv3d(x3, w3, padding: 1);
        Expect("conv3d", "out", out3);
        Tensor?[] g3 = torch.autograd.grad([out3.square().sum()], [x3, w3]);
        Expect("conv3d", "gx", g3[0]!);
        Expect("conv3d", "gw", g3[1]!);

        Expect("conv_transpose2d", "out", F.conv_transpose2d(Input("conv_transpose2d", "x"), Input("conv_transpose2d", "w"), Input("conv_transpose2d", "b"), stride: 2));
        Expect("conv_transpose3d", "out", F.conv_transpose3d(Input("conv_transpose3d", "x"), Input("conv_transpose3d", "w"), stride: 2));
    }

    [Test]
    public void Interpolation()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = Input("interpolate", "x");
        Expect("interpolate", "bilinear", F.interpolate(x, size: [7, 9], mode: InterpolationMode.Linear));
        Expect("interpolate", "bilinear_ac", F.interpolate(x, scale_factor: 2, mode: InterpolationMode.Linear, align_corners: true));
        Expect("interpolate", "nearest", F.interpolate(x, size: [5, 3]));
        Expect("interpolate", "area", F.interpolate(x, size: [2, 3], mode: InterpolationMode.Area));
        Tensor v = Input("trilinear", "v").requires_grad_();
        Tensor tri = F.interpolate(v, size: [5, 6, 4], mode: InterpolationMode.Linear);
        Expect("trilinear", "out", tri);
        Expect("trilinear", "gv", torch.autograd.grad([tri.square().sum()], [v])[0]!);
        Expect("trilinear", "nearest3d", F.interpolate(v, scale_factor: 2));
    }

    [Test]
    public void CrossEntropy()
    {
        using var scope = torch.NewDisposeScope();
        Tensor logits = Input("cross_entropy", "logits").requires_grad_();
        Tensor target = Input("cross_entropy", "target", ScalarType.Int64);
        Tensor weight = Input("cross_entropy", "weight");
        Tensor mean = F.cross_entropy(logits, target, weight, ignore_index: -1);
        Expect("cross_entropy", "mean", mean);
        Expect("cross_entropy", "glogits", torch.autograd.grad([mean], [logits])[0]!);
        Expect("cross_entropy", "none", F.cross_entropy(logits, target, weight, Reduction.None, ignore_index: -1));
        Expect("cross_entropy", "sum", F.cross_entropy(logits, target, weight, Reduction.Sum, ignore_index: -1));
        Expect("cross_entropy", "smoothed", F.cross_entropy(logits, target, weight, ignore_index: -1, label_smoothing: 0.1));
        Tensor soft = Input("cross_entropy", "soft");
        Expect("cross_entropy", "soft", F.cross_entropy(logits, soft));
        Expect("cross_entropy", "soft_weighted", F.cross_entropy(logits, soft, weight, label_smoothing: 0.2));
    }

    [Test]
    public void Normalisation()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = Input("group_norm", "x").requires_grad_();
        Tensor gamma = Input("group_norm", "gamma"), beta = Input("group_norm", "beta");
        Tensor gn = F.group_norm(x, 3, gamma, beta);
        Expect("group_norm", "out", gn);
        Expect("group_norm", "gx", torch.autograd.grad([(gn * Input("group_norm", "gweights")).sum()], [x])[0]!);
        Expect("group_norm", "instance", F.instance_norm(x, gamma, beta));
        Expect("group_norm", "batch", F.batch_norm(x, null, null, gamma, beta, training: true));
        Expect("group_norm", "group3d", F.group_norm(x.reshape(2, 6, 2, 2, 4), 2));
    }

    [Test]
    public void PaddingSamplingPoolingActivations()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = Input("misc", "x");
        Tensor grid = Input("misc", "grid");
        Expect("misc", "reflect", F.pad(x, [2, 1, 1, 2], PaddingMode.Reflect));
        Expect("misc", "replicate", F.pad(x, [2, 1, 1, 2], PaddingMode.Replicate));
        Expect("misc", "grid_border", F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePadding.Border));
        Expect("misc", "grid_zeros_ac", F.grid_sample(x, grid, align_corners: true));
        Expect("misc", "maxpool3", F.max_pool(x, 3, 2, 1));
        Expect("misc", "avgpool_ceil", F.avg_pool(x, [2, 2], ceil_mode: true));
        Expect("misc", "adaptive", F.adaptive_avg_pool(x, [3, 2]));
        Expect("misc", "normalize", F.normalize(x, dim: 1));
        Expect("misc", "logsigmoid", F.logsigmoid(x));
        Expect("misc", "softplus", F.softplus(x, beta: 2));
    }

    [Test]
    public void ConvolutionUnderBFloat16Autocast()
    {
        using var scope = torch.NewDisposeScope();
        Tensor x = Input("autocast", "x", ScalarType.Float32), w = Input("autocast", "w", ScalarType.Float32);
        Tensor y;
        using (torch.autocast(DeviceType.CPU))
        {
            y = F.conv2d(x, w, padding: 1);
        }
        Assert.That(y.dtype, Is.EqualTo(ScalarType.BFloat16));
        // The same oneDNN bf16 kernel on the same inputs: equal up to bf16 rounding at most.
        Expect("autocast", "out", y.@float(), tolerance: 1e-2);
    }
}
