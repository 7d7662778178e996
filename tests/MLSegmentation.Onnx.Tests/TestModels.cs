using System.Diagnostics;
using System.Text.Json;

namespace MLSegmentation.Onnx.Tests;

/// <summary>Generates the Python-made test models once per test run into a temp folder.</summary>
[SetUpFixture]
public sealed class TestModels
{
    public const string Python = "/usr/bin/python3";

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private static string? s_folder;

    public static string Folder => s_folder ?? throw new InvalidOperationException("Test models were not generated.");

    public static string Conv => Path.Combine(Folder, "conv.onnx");

    public static string Meta => Path.Combine(Folder, "meta.onnx");

    public static string Types => Path.Combine(Folder, "types.onnx");

    [OneTimeSetUp]
    public void Generate()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlseg-onnx-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var script = Path.Combine(AppContext.BaseDirectory, "data-gen", "make_models.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} timed out");
        }
        Assert.That(process.ExitCode, Is.Zero, $"{script} failed:\n{stdout.Result}\n{stderr.Result}");
        s_folder = folder;
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        if (s_folder is not null)
        {
            Directory.Delete(s_folder, recursive: true);
        }
    }

    public sealed record ConvCase(int[] Shape, int[] OutputShape, int[] LabelShape, string Input, string Probabilities, string Labels);

    public static IReadOnlyList<ConvCase> ConvCases()
    {
        var json = File.ReadAllText(Path.Combine(Folder, "conv_cases.json"));
        return JsonSerializer.Deserialize<ConvCase[]>(json, JsonOptions)!;
    }

    public static float[] ReadFloats(string file) => ReadRaw<float>(file);

    public static long[] ReadLongs(string file) => ReadRaw<long>(file);

    private static T[] ReadRaw<T>(string file) where T : unmanaged
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, file));
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    public static long[] Longs(int[] shape) => [.. shape.Select(d => (long)d)];
}
