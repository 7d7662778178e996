using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Tests;

/// <summary>Each example under examples/ runs end to end with tiny settings, as a user would start it.</summary>
public class ExamplesTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("mlseg-example-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void BatchScoringTrainsAStandInModelAndScoresTheFolderTwiceWithTheSameResults()
    {
        string output = Run("BatchScoring.dll", "--steps", "4", "--count", "24", "--threads", "2", "--batch-size", "4");

        Assert.That(output, Does.Contain("3. streaming pass: 24 images in").And.Contain("4. 2 threads sharing the segmenter: 24 images in").And.Contain("images/s"));
        using (var segmenter = new OnnxSegmenter(Path.Combine(_folder, "model.onnx")))
            Assert.That(segmenter.Model.ClassNames, Is.EqualTo(new[] { "background", "blob", "shape", "thin", "lesion" }));
        string[] masks = Directory.GetFiles(Path.Combine(_folder, "masks"), "*.png");
        Assert.That(masks, Has.Length.EqualTo(24));
        string[] rows = File.ReadAllLines(Path.Combine(_folder, "class-areas.csv"));
        Assert.That(rows, Has.Length.EqualTo(25));
        Assert.That(rows[0], Is.EqualTo("image,background,blob,shape,thin,lesion"));
        foreach (string row in rows.Skip(1))
        {
            string[] fields = row.Split(',');
            LabelMap mask = PngFile.ReadLabels(Path.Combine(_folder, "masks", fields[0]));
            Assert.That(mask.Size, Is.EqualTo(new[] { 64, 64 }));
            for (int c = 0; c < 5; c++)
            {
                double area = mask.Data.Count(label => label == c) / 4096.0;
                Assert.That(double.Parse(fields[c + 1], CultureInfo.InvariantCulture), Is.EqualTo(area).Within(6e-5), $"{fields[0]}, class {c}: the threaded pass disagrees with the streaming pass's mask");
            }
        }
    }

    [Test]
    public void CoLabTrainsWithContextClassesAndExportsAModelWithTheTaskClassesOnly()
    {
        string output = Run("CoLabExample.dll", "--steps", "6", "--context-classes", "2");

        Assert.That(output, Does.Contain("2. training CoLab with 2 context classes (exact meta-gradient) for 6 steps")
            .And.Contain("the network has 2 + 2 output channels").And.Contain("labelled as by the engine"));
        AssertMetrics("metrics.json", images: 30, classes: 2);
        using (var segmenter = new OnnxSegmenter(Path.Combine(_folder, "colab.onnx")))
            Assert.That(segmenter.Model.ClassNames, Is.EqualTo(new[] { "background", "blob" }));
        AssertMask("test-mask.png", 64, 64, classes: 2);
    }

    [Test]
    public void MaskSupTrainsAndScoresTheTestImagesWithAndWithoutHoles()
    {
        string output = Run("MaskSupExample.dll", "--steps", "4", "--gamma", "0.5");

        Assert.That(output, Does.Contain("2. training MaskSup (α = 1, β = 1, γ = 0.5) for 4 steps").And.Contain("5. with 20–30 % of each image hidden: mean Dice"));
        AssertMetrics("metrics.json", images: 30, classes: 5);
        AssertMetrics("metrics-with-holes.json", images: 30, classes: 5);
        Image withHoles = PngFile.ReadImage(Path.Combine(_folder, "test-with-holes.png"));
        Assert.That(withHoles.Size, Is.EqualTo(new[] { 64, 64 }));
        AssertMask("test-with-holes-mask.png", 64, 64, classes: 5);
        Assert.That(File.Exists(Path.Combine(_folder, "masksup.onnx")), Is.True);
    }

    [Test]
    public void ContrastivePretrainsTheEncoderThenFineTunesTheSegmenter()
    {
        string output = Run("ContrastiveExample.dll", "--steps", "8", "--pretrain-steps", "3");

        Assert.That(output, Does.Contain("2. stage 1: encoder pretrained for 3 steps").And.Contain("3. stage 2: the U-Net fine-tuned for segmentation from the pretrained encoder for 5 steps"));
        Assert.That(new FileInfo(Path.Combine(_folder, "encoder.mlseg")).Length, Is.GreaterThan(0));
        AssertMetrics("metrics.json", images: 30, classes: 5);
        using (var segmenter = new OnnxSegmenter(Path.Combine(_folder, "contrastive.onnx")))
            Assert.That(segmenter.Model.ClassCount, Is.EqualTo(5));
        AssertMask(Path.Combine("masks", "case_30000.png"), 64, 64, classes: 5);
    }

    [Test]
    public void BrainMriSegmentsTheDeepGreyNucleiOfColin27()
    {
        Assume.That(File.Exists("/usr/share/mricron/templates/ch2.nii.gz"), "needs Debian's mricron-data");
        string output = Run("BrainMri.dll", "--steps", "3");

        Assert.That(output, Does.Contain("1. Colin27 T1 181×217×181 with AAL's caudate, lentiform, thalamus").And.Contain("24 for training and 5 for testing")
            .And.Contain("4. test slices scored through ONNX Runtime at 181×217"));
        AssertMetrics("metrics.json", images: 5, classes: 4);
        string[] masks = [.. Directory.GetFiles(Path.Combine(_folder, "masks"), "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.That(masks, Is.EqualTo(new[] { "z062.png", "z070.png", "z078.png", "z086.png", "z094.png" }));
        AssertMask(Path.Combine("masks", "z078.png"), 217, 181, classes: 4);
        LabelMap predicted = NiftiFile.ReadLabels(Path.Combine(_folder, "test-prediction.nii.gz")).Labels;
        Assert.That(predicted.Size, Is.EqualTo(new[] { 181, 217, 181 }));
        int plane = 217 * 181;
        int[] slicesWithLabels = [.. Enumerable.Range(0, 181).Where(z => predicted.Data.AsSpan(z * plane, plane).ContainsAnyExcept(0))];
        Assert.That(slicesWithLabels, Is.SubsetOf(new[] { 62, 70, 78, 86, 94 }));
        Assert.That(output, Does.Contain("report:  " + Path.Combine(_folder, "report.html")));
        Assert.That(File.ReadAllText(Path.Combine(_folder, "report.html")), Does.Contain("<table").And.Contain("thalamus"));
        Assert.That(Directory.GetFiles(Path.Combine(_folder, "overlays"), "*.png"), Has.Length.EqualTo(5));
    }

    [Test]
    public void TheMLNetPipelineTrainsEvaluatesSavesAndReloadsWithIdenticalMasks()
    {
        var r = Mlseg.RunProgramIn(_folder, "MLNetPipeline.dll", "4");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Output, Does.Match(@"masksup: 47 training images, 3 classes, 4 steps, seed \d+"));
        Assert.That(r.Output, Does.Contain("finished after 4 steps"));
        Assert.That(r.Output, Does.Match("(?m)^blob +13 ").And.Match("(?m)^shape +13 "));
        Assert.That(r.Output, Does.Contain("reloaded: 13 masks, identical to the pipeline's"));
        Assert.That(Directory.GetFiles(Path.Combine(_folder, "data", "synthetic", "images"), "*.png"), Has.Length.EqualTo(60));
        using var segmenter = new OnnxSegmenter(Path.Combine(_folder, "model.onnx"));
        Assert.That(segmenter.Model.ClassNames, Is.EqualTo(new[] { "background", "blob", "shape" }));
        Assert.That(segmenter.Model.Resize, Is.EqualTo(ResizePolicy.ToTrainingSize));

        // An app with ML.NET alone scores the saved pipeline: its masks are the batched transformer's.
        string zip = Path.Combine(_folder, "model.zip");
        string data = Path.Combine(_folder, "data", "synthetic");
        var scored = Mlseg.RunProgramIn(_folder, "ScoreSavedModel.dll", zip, data);
        Assert.That(scored.ExitCode, Is.EqualTo(0), scored.Error);
        string[] lines = scored.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Has.Length.EqualTo(60));
        using var batched = SegmentationTransformer.Load(new MLContext(), zip, new SegmentationTransformerOptions { ImageFolder = data });
        ImageRow[] rows = [.. Directory.GetFiles(Path.Combine(data, "images"), "*.png").Order().Select(f => new ImageRow { Image = "images/" + Path.GetFileName(f) })];
        var mlContext = new MLContext();
        IDataView masks = batched.Transform(mlContext.Data.LoadFromEnumerable(rows));
        string[] expected = [.. rows.Select(r => r.Image).Zip(masks.GetColumn<VBuffer<uint>>("PredictedLabel"), masks.GetColumn<VBuffer<int>>("Size"))
            .Select(r => $"{r.First} {string.Join("x", r.Third.DenseValues())} {Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(r.Second.DenseValues().ToArray().AsSpan())))[..16]}")];
        Assert.That(lines, Is.EqualTo(expected));
        Assert.That(lines.Select(l => l.Split(' ')[2]).Distinct().Count(), Is.GreaterThan(1), "every mask alike would make the comparison empty");
    }

    public sealed class ImageRow
    {
        public string Image { get; set; } = "";
    }

    private string Run(string example, params string[] args)
    {
        var r = Mlseg.RunProgram(example, [.. args, "--out", _folder]);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        return r.Output;
    }

    private void AssertMetrics(string file, int images, int classes)
    {
        MetricsReport report = MetricsReport.FromJson(File.ReadAllText(Path.Combine(_folder, file)));
        Assert.That(report.Images, Is.EqualTo(images), file);
        Assert.That(report.Classes, Has.Count.EqualTo(classes), file);
        Assert.That(report.ClassMeanDice, Is.InRange(0.0, 1.0), file);
        foreach (ClassSummary c in report.Classes.Where(c => c.Dice.Count > 0))
        {
            Assert.That(new[] { c.Dice.Mean, c.Iou.Mean, c.Precision.Mean, c.Sensitivity.Mean }, Has.All.InRange(0.0, 1.0), $"{file}: {c.Name}");
        }
    }

    private void AssertMask(string file, int height, int width, int classes)
    {
        LabelMap mask = PngFile.ReadLabels(Path.Combine(_folder, file));
        Assert.That(mask.Size, Is.EqualTo(new[] { height, width }), file);
        Assert.That(mask.DistinctLabels(), Has.All.InRange(0, classes - 1), file);
    }
}
