using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using MLSegmentation.Torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Tests;

/// <summary><c>mlseg score</c> with a 3D model: NIfTI volumes in, label volumes (and probability maps) out.</summary>
public class ScoreCommandTests
{
    private string _folder = "";
    private string _model = "";

    [OneTimeSetUp]
    public void WriteModelAndVolumes()
    {
        _folder = Directory.CreateTempSubdirectory("mlseg-score-").FullName;
        _model = Path.Combine(_folder, "unet3d.onnx");
        torch.manual_seed(3);
        using var net = new UNet(new UNetOptions { Dimensions = 3, InputChannels = 1, Classes = 2, Depth = 1, BaseWidth = 4 });
        net.eval();
        net.ExportToOnnx(_model, new SegmenterExportOptions
        {
            InputChannels = 1,
            SpatialDims = 3,
            Metadata = new OnnxModelMetadata { ClassNames = ["background", "tissue"], Normalization = """{"kind":"zscore"}""", TrainingSize = [4, 8, 8] },
        });
        var volumes = Directory.CreateDirectory(Path.Combine(_folder, "volumes")).FullName;
        var random = new Random(1);
        foreach (var (name, x, y, z) in new[] { ("a.nii.gz", 10, 8, 6), ("b.nii.gz", 7, 9, 5) })
        {
            var image = new Image(1, [z, y, x], [.. Enumerable.Range(0, x * y * z).Select(_ => (float)random.NextDouble())]);
            NiftiFile.WriteImage(Path.Combine(volumes, name), NiftiHeader.Create([x, y, z], NiftiDataType.Float32, [0.5, 0.75, 2]), image);
        }
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AFolderOfVolumesGivesOneLabelVolumePerInput()
    {
        var masks = Path.Combine(_folder, "masks");
        var r = Mlseg.Run("score", _model, "--input", Path.Combine(_folder, "volumes"), "--out", masks, "--resize", "SlidingWindow", "--probabilities");
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(r.Output, Does.Contain("2/2 volumes").And.Contain("2 volume(s) scored"));
        foreach (var (stem, shape) in new[] { ("a", new[] { 10, 8, 6 }), ("b", new[] { 7, 9, 5 }) })
        {
            var labels = NiftiFile.ReadLabels(Path.Combine(masks, stem + ".nii.gz"));
            Assert.That(labels.Header.Shape, Is.EqualTo(shape), stem);
            Assert.That(labels.Header.PixDim.Skip(1).Take(3), Is.EqualTo(new[] { 0.5f, 0.75f, 2f }), stem);
            Assert.That(labels.Labels.Data, Is.All.InRange(0, 1), stem);
            var probabilities = NiftiFile.ReadImage(Path.Combine(masks, stem + "_probabilities.nii.gz"));
            Assert.That(probabilities.Header.Shape, Is.EqualTo(shape.Append(2)), stem);
        }
        Assert.That(Directory.GetFiles(masks), Has.Length.EqualTo(4));
    }

    [Test]
    public void AVolumeModelGivenImagesFailsNamingTheFile()
    {
        var images = Directory.CreateDirectory(Path.Combine(_folder, "images")).FullName;
        var png = Path.Combine(images, "slice.png");
        PngFile.WriteImage(png, new Image(1, [8, 8]));
        var r = Mlseg.Run("score", _model, "--input", png, "--out", Path.Combine(_folder, "out"));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Error, Does.Contain(png).And.Contain("3D volumes"));
        Assert.That(r.Error, Does.Not.Contain("   at "), "no stack trace");
        var folder = Mlseg.Run("score", _model, "--input", images, "--out", Path.Combine(_folder, "out"));
        Assert.That(folder.ExitCode, Is.EqualTo(1));
        Assert.That(folder.Error, Does.Contain(images).And.Contain("3D model"));
    }
}
