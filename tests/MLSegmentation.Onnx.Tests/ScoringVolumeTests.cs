// CA1861: literal arrays are expected values of one-shot assertions.
#pragma warning disable CA1861

using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Transforms;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Onnx.Tests.Scoring;

/// <summary>Volume models made for the 3D scoring tests.</summary>
internal static class VolumeModels
{
    /// <summary>
    /// conv 3×3×3 (zero padding 1) → ReLU → conv 1×1×1 → the softmax head, 2 classes: fully convolutional, each output
    /// voxel sees only its 3×3×3 neighbourhood, so sliding-window and whole-volume runs can be compared.
    /// </summary>
    public static string Conv(int channels, int[] trainingSize, InputNormalization? normalization = null)
    {
        var path = ExportTestKit.NewPath("conv3d");
        torch.manual_seed(77);
        using var scope = torch.NewDisposeScope();
        var w1 = torch.randn([6, channels, 3, 3, 3]) * 0.4;
        var b1 = torch.randn(6) * 0.1;
        var w2 = torch.randn([2, 6, 1, 1, 1]) * 0.8;
        var b2 = torch.randn(2) * 0.1;
        var options = new SegmenterExportOptions
        {
            InputChannels = channels,
            SpatialDims = 3,
            Metadata = new OnnxModelMetadata
            {
                ClassNames = ["background", "tissue"],
                TrainingSize = [.. trainingSize.Select(s => (long)s)],
                Normalization = (normalization ?? InputNormalization.None).ToJson(),
            },
        };
        SegmenterOnnxExporter.Export(path, options, (b, x) => OnnxOps.Conv(b, OnnxOps.Relu(b, OnnxOps.Conv(b, x, w1.W(), b1.V(), padding: 1)), w2.W(), b2.V()));
        return path;
    }

    /// <summary>A volume [channels, d, h, w] of smooth structure plus noise, values of order 1.</summary>
    public static Image Volume(int channels, int d, int h, int w, int seed)
    {
        var random = new Random(seed);
        var data = new float[channels * d * h * w];
        var i = 0;
        for (var c = 0; c < channels; c++)
        {
            for (var z = 0; z < d; z++)
            {
                for (var y = 0; y < h; y++)
                {
                    for (var x = 0; x < w; x++)
                    {
                        data[i++] = (float)(Math.Sin(x / 3.0 + c) * Math.Cos(y / 4.0) + 0.5 * Math.Sin(z / 2.0) + random.NextDouble() - 0.5);
                    }
                }
            }
        }
        return new Image(channels, [d, h, w], data);
    }
}

public class ScoringVolumeTests
{
    private const string Ch2 = "/usr/share/mricron/templates/ch2.nii.gz";

    [Test]
    public void GaussianWeightsAreAProductOfAxisGaussiansWithUnitPeak()
    {
        var tile = new GridSize(5, 8, 6);
        var g = SlidingWindow.Gaussian(tile);
        Assert.That(g, Has.Length.EqualTo(5 * 8 * 6));
        static double Axis(int i, int size) => Math.Exp(-0.5 * Math.Pow((i - (size - 1) / 2.0) / (size / 8.0), 2));
        for (var z = 0; z < 5; z++)
        {
            for (var y = 0; y < 8; y++)
            {
                for (var x = 0; x < 6; x++)
                {
                    var expected = Axis(z, 5) * Axis(y, 8) * Axis(x, 6);
                    Assert.That(g[(z * 8 + y) * 6 + x], Is.EqualTo(expected).Within(1e-5).Percent, $"({z}, {y}, {x})");
                }
            }
        }
        // Odd sizes have a centre voxel of weight exactly 1; σ = size / 8 puts the first voxel at exp(−8 · ((n − 1) / n)²).
        var odd = SlidingWindow.Gaussian(new GridSize(9, 9, 9));
        Assert.That(odd.Max(), Is.EqualTo(1f));
        Assert.That(odd[(4 * 9 + 4) * 9 + 4], Is.EqualTo(1f));
        Assert.That(odd[(4 * 9 + 4) * 9], Is.EqualTo((float)Math.Exp(-8.0 * 64 / 81)).Within(1e-7));
        Assert.That(odd[0], Is.EqualTo(Math.Pow(Math.Exp(-8.0 * 64 / 81), 3)).Within(1e-4).Percent, "corners keep their tiny weight (no fixed floor)");
        Assert.That(odd.Min(), Is.EqualTo(odd[0]).And.GreaterThan(0));
        // The 2D weights are the same map with one slice.
        Assert.That(SlidingWindow.Gaussian(new GridSize(1, 8, 6)), Is.EqualTo(g.AsSpan(2 * 48, 48).ToArray().Select(v => v / (float)Axis(2, 5)).ToArray()).Within(1e-5));
    }

    [Test]
    public void TilesCoverEveryAxisWithTheRequestedOverlap()
    {
        var tiles = SlidingWindow.Tiles(new GridSize(20, 64, 32), new GridSize(16, 32, 32), 0.5);
        Assert.That(tiles, Is.EqualTo(new[]
        {
            new GridSize(0, 0, 0), new GridSize(0, 16, 0), new GridSize(0, 32, 0),
            new GridSize(4, 0, 0), new GridSize(4, 16, 0), new GridSize(4, 32, 0),
        }));
    }

    [Test]
    public void AVolumeModelReportsItsDimensionsAndTrainingSize()
    {
        using var segmenter = new OnnxSegmenter(VolumeModels.Conv(2, [8, 16, 16]));
        Assert.Multiple(() =>
        {
            Assert.That(segmenter.Model.SpatialDims, Is.EqualTo(3));
            Assert.That(segmenter.Model.Channels, Is.EqualTo(2));
            Assert.That(segmenter.Model.ClassCount, Is.EqualTo(2));
            Assert.That(segmenter.Model.TrainingSize, Is.EqualTo(new[] { 8, 16, 16 }));
            Assert.That(OnnxSegmenter.SupportedExtensions, Does.Contain(".nii.gz"));
        });
        Assert.That(() => new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { TrainingSize = [8, 16, 16] }),
            Throws.ArgumentException.With.Message.Contains("for a 2D model"));
    }

    [TestCase(ResizePolicy.SlidingWindow)]
    [TestCase(ResizePolicy.ToTrainingSize)]
    [TestCase(ResizePolicy.None)]
    public void VolumesOfTheTileSizeEqualTheEngine(ResizePolicy policy)
    {
        torch.manual_seed(30);
        var options = new UNetOptions { Dimensions = 3, InputChannels = 2, Classes = 3, Depth = 2, BaseWidth = 4, Normalization = Normalization.Instance };
        using var net = EngineReference.Randomize(new UNet(options), 31);
        net.eval();
        var path = ExportTestKit.NewPath("unet3d-score");
        net.ExportToOnnx(path, new SegmenterExportOptions
        {
            InputChannels = 2,
            SpatialDims = 3,
            Metadata = new OnnxModelMetadata { ClassNames = ["background", "a", "b"], TrainingSize = [8, 16, 12] },
        });
        using var segmenter = new OnnxSegmenter(path, new OnnxSegmenterOptions { Resize = policy, OutputProbabilities = true, BatchSize = 2 });
        var volumes = Enumerable.Range(0, 3).Select(i => VolumeModels.Volume(2, 8, 16, 12, 40 + i)).ToArray();
        var results = segmenter.Score(volumes).ToArray();

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = torch.tensor(volumes.SelectMany(v => v.Data).ToArray(), [3, 2, 8, 16, 12]);
        var probabilities = F.softmax(net.forward(x), 1);
        var expected = probabilities.data<float>().ToArray();
        var labels = probabilities.argmax(1).data<long>().ToArray();
        var actual = results.SelectMany(r => r.Probabilities!.Data).ToArray();
        Assert.That(results.Select(r => r.Labels.Size), Is.All.EqualTo(new[] { 8, 16, 12 }));
        Assert.That(results.Select(r => r.Probabilities!.Channels), Is.All.EqualTo(3));
        Assert.That(ExportTestKit.MaxAbsDiff(actual, expected), Is.LessThanOrEqualTo(1e-4));
        Assert.That(ExportTestKit.LabelMismatches([.. results.SelectMany(r => r.Labels.Data).Select(l => (long)l)], labels, expected, probabilities.shape), Is.Zero);
    }

    [Test]
    public void ToTrainingSizeResizesVolumesTrilinearlyAsTorchDoes()
    {
        var model = VolumeModels.Conv(2, [8, 16, 16]);
        var volume = VolumeModels.Volume(2, 5, 11, 21, 3);
        using var segmenter = new OnnxSegmenter(model, new OnnxSegmenterOptions { Resize = ResizePolicy.ToTrainingSize, OutputProbabilities = true });
        var result = segmenter.Score(volume);

        using var scope = torch.NewDisposeScope();
        var resized = F.interpolate(torch.tensor(volume.Data, [1, 2, 5, 11, 21]), [8, 16, 16], mode: InterpolationMode.Trilinear);
        using var session = new InferenceSession(model);
        var outputs = ExportTestKit.Run(session, "image", resized.data<float>().ToArray(), [1, 2, 8, 16, 16], "probabilities", "labels");
        var back = F.interpolate(torch.tensor(outputs[0].Floats!, [1, 2, 8, 16, 16]), [5, 11, 21], mode: InterpolationMode.Trilinear).data<float>().ToArray();
        var labels = F.interpolate(torch.tensor(outputs[1].Longs!, [1, 1, 8, 16, 16]).to(ScalarType.Float32), [5, 11, 21]).to(ScalarType.Int32).data<int>().ToArray();
        Assert.That(result.Labels.Size, Is.EqualTo(new[] { 5, 11, 21 }));
        Assert.That(ExportTestKit.MaxAbsDiff(result.Probabilities!.Data, back), Is.LessThan(1e-5));
        Assert.That(result.Labels.Data, Is.EqualTo(labels));
        Assert.That(labels.Distinct().Count(), Is.EqualTo(2), "both classes occur");
    }

    [Test]
    public void SlidingWindowOverALargerVolumeAgreesWithTheWholeVolumeRun()
    {
        var model = VolumeModels.Conv(2, [8, 16, 16]);
        // Depth 5 < the tile's 8: padded with zeros, as the convolution pads the whole volume, so that axis is exact.
        var volume = VolumeModels.Volume(2, 5, 40, 37, 7);
        using var whole = new OnnxSegmenter(model, new OnnxSegmenterOptions { OutputProbabilities = true });
        using var tiled = new OnnxSegmenter(model, new OnnxSegmenterOptions { OutputProbabilities = true, Resize = ResizePolicy.SlidingWindow, BatchSize = 3 });
        var direct = whole.Score(volume);
        var windowed = tiled.Score(volume);
        Assert.That(windowed.Labels.Size, Is.EqualTo(new[] { 5, 40, 37 }));
        Assert.That(windowed.Probabilities!.Size, Is.EqualTo(new[] { 5, 40, 37 }));

        // Only voxels on a tile face inside the volume see zero padding instead of their neighbour. With step ≤ tile/2
        // such a voxel lies well inside a neighbouring tile, so the bad tile's share of the Gaussian weight is at most
        // g(face) / g(inside) = exp(−8 · (15/16)²) / exp(−0.5 · ((8 − 7.5) / 2)²) ≈ 9e-4 per tiled axis (H and W here),
        // and |Δp| ≤ that share: below 2e-3 (measured 9.5e-4).
        var diff = ExportTestKit.MaxAbsDiff(windowed.Probabilities.Data, direct.Probabilities!.Data);
        var agree = direct.Labels.Data.Zip(windowed.Labels.Data).Count(p => p.First == p.Second);
        TestContext.Out.WriteLine($"max |Δp| {diff:G3}, labels agreeing {agree}/{direct.Labels.Data.Length}");
        Assert.That(diff, Is.LessThan(2e-3));
        Assert.That(agree, Is.GreaterThanOrEqualTo(0.99 * direct.Labels.Data.Length));
        Assert.That(direct.Labels.Data.Distinct().Count(), Is.EqualTo(2), "both classes occur");

        // Without overlap a tile face is covered by that tile alone: the padding shows, so the check above can fail.
        using var abutting = new OnnxSegmenter(model, new OnnxSegmenterOptions { OutputProbabilities = true, Resize = ResizePolicy.SlidingWindow, SlidingWindowOverlap = 0 });
        var square = VolumeModels.Volume(2, 5, 32, 32, 8);
        var seamed = abutting.Score(square).Probabilities!.Data;
        var reference = whole.Score(square).Probabilities!.Data;
        Assert.That(ExportTestKit.MaxAbsDiff(seamed, reference), Is.GreaterThan(0.02));
    }

    [Test]
    public void NiftiMasksAndProbabilitiesKeepTheSourceGeometry()
    {
        var folder = ScoringData.NewFolder("nifti");
        var volumes = Directory.CreateDirectory(Path.Combine(folder, "volumes")).FullName;
        var source = NiftiFile.ReadImage(Ch2);
        Crop(source, Path.Combine(volumes, "a.nii.gz"), x0: 50, y0: 60, z0: 70, w: 40, h: 36, d: 12);
        Crop(source, Path.Combine(volumes, "b.nii"), x0: 80, y0: 100, z0: 90, w: 20, h: 17, d: 9);
        File.WriteAllText(Path.Combine(volumes, "notes.txt"), "not a volume");

        var model = VolumeModels.Conv(1, [8, 16, 16], InputNormalization.ZScore);
        using var segmenter = new OnnxSegmenter(model, new OnnxSegmenterOptions { Resize = ResizePolicy.SlidingWindow, OutputProbabilities = true });
        var masks = Path.Combine(folder, "masks");
        var results = segmenter.ScoreFiles([Path.Combine(volumes, "a.nii.gz"), Path.Combine(volumes, "b.nii")], masks).ToList();
        Assert.That(Directory.GetFiles(masks).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "a.nii.gz", "a_probabilities.nii.gz", "b.nii.gz", "b_probabilities.nii.gz" }), "no temporary files left");
        Assert.That(segmenter.ScoreFolder(volumes, Path.Combine(folder, "again")), Is.EqualTo(2));

        foreach (var (result, stem, shape) in new[] { (results[0], "a", new[] { 40, 36, 12 }), (results[1], "b", new[] { 20, 17, 9 }) })
        {
            var input = NiftiFile.ReadImage(Path.Combine(volumes, stem + (stem == "a" ? ".nii.gz" : ".nii"))).Header;
            Assert.That(result.MaskPath, Is.EqualTo(Path.Combine(masks, stem + ".nii.gz")));
            var written = NiftiFile.ReadLabels(result.MaskPath!);
            AssertSameGeometry(written.Header, input, shape);
            Assert.That(written.Header.DataType, Is.EqualTo(NiftiDataType.UInt8));
            Assert.That(written.Header.IntentCode, Is.EqualTo(NiftiFile.LabelIntent));
            Assert.That(written.Labels.Data, Is.EqualTo(result.Labels.Data));
            Assert.That(written.Labels.Data.Distinct().Count(), Is.EqualTo(2), "both classes occur");
            Assert.That(NiftiFile.ReadLabels(Path.Combine(folder, "again", stem + ".nii.gz")).Labels.Data, Is.EqualTo(result.Labels.Data));

            var probabilities = NiftiFile.ReadImage(Path.Combine(masks, stem + "_probabilities.nii.gz"));
            AssertSameGeometry(probabilities.Header, input, [.. shape, 2]);
            Assert.That(probabilities.Header.DataType, Is.EqualTo(NiftiDataType.Float32));
            Assert.That(probabilities.Image.Data, Is.EqualTo(result.Probabilities!.Data));
            var voxels = shape[0] * shape[1] * shape[2];
            Assert.That(Enumerable.Range(0, voxels).Max(i => Math.Abs(probabilities.Image.Data[i] + probabilities.Image.Data[voxels + i] - 1)), Is.LessThan(1e-5));
        }
    }

    [Test]
    public void AFourDimensionalNiftiIsAMultiModalVolume()
    {
        var folder = ScoringData.NewFolder("modalities");
        var path = Path.Combine(folder, "two-modalities.nii.gz");
        var volume = VolumeModels.Volume(2, 6, 10, 12, 5);
        NiftiFile.WriteImage(path, NiftiHeader.Create([12, 10, 6, 2], NiftiDataType.Float32, [1.5, 1.5, 3]), volume);
        using var segmenter = new OnnxSegmenter(VolumeModels.Conv(2, [8, 16, 16]), new OnnxSegmenterOptions { Resize = ResizePolicy.SlidingWindow });
        var fromFile = segmenter.ScoreFiles([path], Path.Combine(folder, "masks")).Single();
        var inMemory = segmenter.Score(volume);
        Assert.That(fromFile.Labels.Data, Is.EqualTo(inMemory.Labels.Data));
        Assert.That(fromFile.Labels.Spacing, Is.EqualTo(new[] { 3.0, 1.5, 1.5 }));
        var mask = NiftiFile.ReadLabels(fromFile.MaskPath!);
        Assert.That(mask.Header.Shape, Is.EqualTo(new[] { 12, 10, 6 }));
        Assert.That(mask.Labels.Data, Is.EqualTo(inMemory.Labels.Data));
    }

    [Test]
    public void InputsOfTheWrongDimensionalityNameTheFile()
    {
        var folder = ScoringData.NewFolder("wrong-dims");
        var volume = Path.Combine(folder, "scan.nii.gz");
        NiftiFile.WriteImage(volume, NiftiHeader.Create([8, 6, 4], NiftiDataType.Float32), VolumeModels.Volume(1, 4, 6, 8, 1));
        var png = ScoringData.ImageFiles[0];

        using var volumeModel = new OnnxSegmenter(VolumeModels.Conv(1, [8, 16, 16]));
        Assert.That(() => volumeModel.ScoreFiles([png]).ToList(),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(png).And.Message.Contains("3D volumes [C, D, H, W]"));
        Assert.That(() => volumeModel.ScoreFolder(ScoringData.Images, Path.Combine(folder, "out")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(ScoringData.Images).And.Message.Contains("3D model"));
        Assert.That(() => volumeModel.Score(new Image(1, [6, 8])),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("Image #0 is 2D"));

        using var imageModel = new OnnxSegmenter(ScoringData.Segmenter);
        Assert.That(() => imageModel.ScoreFiles([volume]).ToList(),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(volume).And.Message.Contains("2D images [C, H, W]"));
        Assert.That(() => imageModel.ScoreFolder(folder, Path.Combine(folder, "out2")),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("2D model"));
    }

    private static void Crop(NiftiImage source, string path, int x0, int y0, int z0, int w, int h, int d)
    {
        var image = source.Image;
        var data = new float[w * h * d];
        var i = 0;
        for (var z = 0; z < d; z++)
        {
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    data[i++] = image[0, z0 + z, y0 + y, x0 + x];
                }
            }
        }
        NiftiFile.WriteImage(path, source.Header with { Shape = [w, h, d] }, new Image(1, [d, h, w], data));
    }

    private static void AssertSameGeometry(NiftiHeader written, NiftiHeader source, int[] shape)
    {
        Assert.Multiple(() =>
        {
            Assert.That(written.Shape, Is.EqualTo(shape));
            Assert.That(written.PixDim.Take(4), Is.EqualTo(source.PixDim.Take(4)));
            Assert.That(written.QFormCode, Is.EqualTo(source.QFormCode));
            Assert.That(written.SFormCode, Is.EqualTo(source.SFormCode));
            Assert.That(written.Quaternion, Is.EqualTo(source.Quaternion));
            Assert.That(written.QOffset, Is.EqualTo(source.QOffset));
            Assert.That(written.SRows, Is.EqualTo(source.SRows));
            Assert.That(written.XyztUnits, Is.EqualTo(source.XyztUnits));
            Assert.That(written.Affine(), Is.EqualTo(source.Affine()));
        });
    }
}
