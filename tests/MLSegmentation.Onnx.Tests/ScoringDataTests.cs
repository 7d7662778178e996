#pragma warning disable CA1861 // Tests spell their expected arrays inline.
using System.Diagnostics;
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests.Scoring;

/// <summary>Generates the scorer's PyTorch-made models, images and expected masks once (data-gen/make_segmenter.py).</summary>
[SetUpFixture]
public sealed class ScoringData
{
    private static string? s_folder;

    public static string Folder => s_folder ?? throw new InvalidOperationException("Scoring test data were not generated.");

    public static string Segmenter => Path.Combine(Folder, "segmenter.onnx");

    public static string PlainSegmenter => Path.Combine(Folder, "segmenter_plain.onnx");

    public static string Rank2 => Path.Combine(Folder, "rank2.onnx");

    public static string Images => Path.Combine(Folder, "images");

    public static string[] ImageFiles => [.. Directory.GetFiles(Images, "*.png").Order(StringComparer.Ordinal)];

    [OneTimeSetUp]
    public void Generate()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlseg-scoring-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var script = Path.Combine(AppContext.BaseDirectory, "data-gen", "make_segmenter.py");
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
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

    /// <summary>PyTorch's labels for an image stem (255 = a near tie, either answer accepted).</summary>
    public static byte[] Expected(string stem, bool resized = false) =>
        File.ReadAllBytes(Path.Combine(Folder, resized ? "expected_resized" : "expected", stem + ".bin"));

    /// <summary>A scratch folder under the data folder.</summary>
    public static string NewFolder(string name)
    {
        var path = Path.Combine(Folder, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Asserts <paramref name="labels"/> equal PyTorch's everywhere except at near ties, and that ties are rare.</summary>
    public static void AssertMatchesPyTorch(LabelMap labels, string stem, bool resized = false)
    {
        var expected = Expected(stem, resized);
        Assert.That(labels.Data, Has.Length.EqualTo(expected.Length), stem);
        var ties = 0;
        var wrong = new List<int>();
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] == 255)
            {
                ties++;
            }
            else if (labels.Data[i] != expected[i])
            {
                wrong.Add(i);
            }
        }
        Assert.That(wrong, Is.Empty, $"{stem}: {wrong.Count} pixel(s) differ from PyTorch's argmax, first at {wrong.FirstOrDefault()}");
        Assert.That(ties, Is.LessThan(expected.Length / 100 + 2), $"{stem}: too many near ties to be a meaningful comparison");
    }
}

public class ScoringDataTests
{
    [Test]
    public void TheGeneratedFolderHasSeveralSizesAndEveryClass()
    {
        var sizes = ScoringData.ImageFiles.Select(f => PngFile.Read(f)).Select(p => (p.Height, p.Width)).Distinct().Count();
        Assert.That(sizes, Is.GreaterThanOrEqualTo(4));
        var classes = ScoringData.ImageFiles.SelectMany(f => ScoringData.Expected(Path.GetFileNameWithoutExtension(f))).Where(b => b != 255).Distinct().Count();
        Assert.That(classes, Is.EqualTo(3));
    }
}
