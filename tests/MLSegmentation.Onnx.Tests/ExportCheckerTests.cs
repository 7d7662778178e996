// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;


namespace MLSegmentation.Onnx.Tests;

/// <summary>What the export tests share: the official ONNX checker, ORT runs, comparisons, a temp folder.</summary>
internal static class ExportTestKit
{
    private static readonly Lazy<string> s_folder = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlseg-export-tests-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        return folder;
    });

    public static string Folder => s_folder.Value;

    public static void DeleteFolder()
    {
        if (s_folder.IsValueCreated && Directory.Exists(s_folder.Value)) Directory.Delete(s_folder.Value, recursive: true);
    }

    public static string NewPath(string name) => Path.Combine(Folder, name + "-" + Guid.NewGuid().ToString("N")[..8] + ".onnx");

    private static readonly object s_checkerLock = new();
    private static Process? s_checker;

    /// <summary>
    /// Runs the official checker (full check + strict shape inference) on the models through one long-lived
    /// <c>check_export.py --serve</c> process; 0 and its answers when every model passes.
    /// </summary>
    public static (int ExitCode, string Output) RunChecker(params string[] models)
    {
        lock (s_checkerLock)
        {
            var answers = new List<string>();
            foreach (var model in models)
            {
                var checker = Checker();
                checker.StandardInput.WriteLine(model);
                checker.StandardInput.Flush();
                var answer = checker.StandardOutput.ReadLine();
                if (answer is null)
                {
                    var error = checker.StandardError.ReadToEnd();
                    s_checker = null;
                    Assert.Fail("check_export.py --serve died: " + error);
                }
                answers.Add(answer!);
            }
            return (answers.All(a => a.StartsWith("ok ", StringComparison.Ordinal)) ? 0 : 1, string.Join("\n", answers));
        }
    }

    public static void StopChecker()
    {
        lock (s_checkerLock)
        {
            if (s_checker is null) return;
            s_checker.StandardInput.Close();
            if (!s_checker.WaitForExit(TimeSpan.FromSeconds(10))) s_checker.Kill();
            s_checker.Dispose();
            s_checker = null;
        }
    }

    private static Process Checker()
    {
        if (s_checker is { HasExited: false }) return s_checker;
        var start = new ProcessStartInfo(TestModels.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "data-gen", "check_export.py"));
        start.ArgumentList.Add("--serve");
        s_checker = Process.Start(start)!;
        return s_checker;
    }

    /// <summary>Asserts the official checker accepts the models.</summary>
    public static void AssertValid(params string[] models)
    {
        var (exit, output) = RunChecker(models);
        Assert.That(exit, Is.Zero, "the ONNX checker rejected the export:\n" + output);
    }

    /// <summary>Runs a session on one float input; returns every requested output as (floats or longs, shape).</summary>
    public static (float[]? Floats, long[]? Longs, long[] Shape)[] Run(InferenceSession session, string inputName, float[] input, long[] shape, params string[] outputs)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var results = session.Run([inputName], [value], outputs);
        var list = new (float[]?, long[]?, long[])[outputs.Length];
        for (var i = 0; i < outputs.Length; i++)
        {
            var info = results[i].GetTensorTypeAndShape();
            list[i] = info.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64
                ? (null, results[i].GetTensorDataAsSpan<long>().ToArray(), [.. info.Shape])
                : (results[i].GetTensorDataAsSpan<float>().ToArray(), null, [.. info.Shape]);
        }
        return list;
    }

    public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.That(a.Length, Is.EqualTo(b.Length), "element count");
        double max = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs((double)a[i] - b[i]);
            if (double.IsNaN(d)) return double.PositiveInfinity;
            max = Math.Max(max, d);
        }
        return max;
    }

    /// <summary>
    /// Label positions that differ although the reference's best class leads the runner-up by more than
    /// <paramref name="margin"/> (near-ties may legitimately flip between two correct implementations).
    /// </summary>
    public static int LabelMismatches(long[] actual, long[] expected, float[] probabilities, long[] probabilityShape, float margin = 1e-4f)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), "label count");
        long classes = probabilityShape[1];
        long plane = probabilities.Length / (probabilityShape[0] * classes);
        var mismatches = 0;
        for (long i = 0; i < actual.Length; i++)
        {
            if (actual[i] == expected[i]) continue;
            long n = i / plane, p = i % plane;
            float best = float.MinValue, second = float.MinValue;
            for (long c = 0; c < classes; c++)
            {
                float v = probabilities[(n * classes + c) * plane + p];
                if (v > best) { second = best; best = v; }
                else if (v > second) second = v;
            }
            if (best - second > margin) mismatches++;
        }
        return mismatches;
    }

    public static float[] Floats(Tensor t) => t.data<float>().ToArray();

    public static global::Onnx.ModelProto Load(string path) => global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
}

/// <summary>Stops the shared checker process and removes the exported models after the run.</summary>
[SetUpFixture]
public sealed class ExportTestCleanup
{
    [OneTimeTearDown]
    public void CleanUp()
    {
        ExportTestKit.StopChecker();
        ExportTestKit.DeleteFolder();
    }
}

/// <summary>The harness itself: the checker must be able to fail, and the builder guards its graph.</summary>
public class ExportCheckerTests
{
    [Test]
    public void CheckerScriptFailsOnABrokenFileFromTheCommandLine()
    {
        var path = ExportTestKit.NewPath("garbage");
        File.WriteAllBytes(path, [0x08, 0x07, 0x12, 0xFF, 0x01]);
        var start = new ProcessStartInfo(TestModels.Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "data-gen", "check_export.py"));
        start.ArgumentList.Add(path);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(1)), Is.True);
        Assert.That(process.ExitCode, Is.EqualTo(1), stderr.Result);
        Assert.That(stderr.Result, Does.Contain("FAILED"));
    }

    [Test]
    public void CheckerRejectsAModelWithIncompatibleShapes()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", TensorElementType.Float, 2, 3);
        var w = builder.AddInitializer("w", new float[4], 4);
        builder.AddNodeWithOutputs("Add", [x, w], ["y"]);
        builder.AddOutput("y", TensorElementType.Float, 2, 3);
        var path = ExportTestKit.NewPath("broken");
        builder.Save(path);
        var (exit, output) = ExportTestKit.RunChecker(path);
        Assert.That(exit, Is.Not.Zero, "a [2,3] + [4] addition must fail strict shape inference");
        Assert.That(output, Does.Contain("FAILED"));
    }

    [Test]
    public void CheckerAcceptsAMinimalModelWithSymbolicDims()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", TensorElementType.Float, "N", 3, "H", "W");
        builder.AddNodeWithOutputs("Relu", [x], ["y"]);
        builder.AddOutput("y", TensorElementType.Float, "N", 3, "H", "W");
        var path = ExportTestKit.NewPath("relu");
        builder.Save(path);
        ExportTestKit.AssertValid(path);
        var model = ExportTestKit.Load(path);
        Assert.That(model.IrVersion, Is.EqualTo(OnnxGraphBuilder.IrVersion));
        Assert.That(model.OpsetImport.Single().Version, Is.EqualTo(17));
        Assert.That(model.ProducerName, Is.EqualTo("MLSegmentation"));
        Assert.That(model.ProducerVersion, Is.EqualTo(OnnxGraphBuilder.ProducerVersion).And.Not.Empty);
        Assert.That(model.Graph.Input[0].Type.TensorType.Shape.Dim.Select(d => d.HasDimParam ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(new[] { "N", "3", "H", "W" }));
    }

    [Test]
    public void BuilderRejectsUndefinedInputsAndDuplicateNames()
    {
        var builder = new OnnxGraphBuilder();
        var x = builder.AddInput("x", TensorElementType.Float, "N");
        Assert.Throws<ArgumentException>(() => builder.AddNode("Relu", ["missing"]));
        Assert.Throws<ArgumentException>(() => builder.AddInput("x", TensorElementType.Float, 1));
        Assert.Throws<ArgumentException>(() => builder.AddOutput("nothing", TensorElementType.Float, 1));
        var a = builder.AddInitializer("w", [1f], 1);
        var b = builder.AddInitializer("w", [2f], 1);
        Assert.That(a, Is.Not.EqualTo(b), "a taken initializer name gets a unique variant");
        Assert.Throws<ArgumentException>(() => builder.AddInitializer("v", new float[3], 2, 2));
        Assert.That(builder.AddNode("Relu", [x]), Is.Not.EqualTo(builder.AddNode("Relu", [x])));
    }

    [Test]
    public void SaveReplacesAtomicallyAndLeavesNoTemporaryFile()
    {
        var folder = Path.Combine(ExportTestKit.Folder, "atomic-" + Guid.NewGuid().ToString("N")[..8]);
        var path = Path.Combine(folder, "m.onnx");
        for (var round = 0; round < 2; round++)
        {
            var builder = new OnnxGraphBuilder();
            var x = builder.AddInput("x", TensorElementType.Float, "N");
            builder.AddNodeWithOutputs(round == 0 ? "Relu" : "Sigmoid", [x], ["y"]);
            builder.AddOutput("y", TensorElementType.Float, "N");
            builder.Save(path);
        }
        Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { path }));
        Assert.That(ExportTestKit.Load(path).Graph.Node.Single().OpType, Is.EqualTo("Sigmoid"));
    }
}
