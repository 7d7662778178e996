#pragma warning disable CA1861 // Tests spell their expected arrays inline.
using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx.Tests.Scoring;

public class ScoringParityTests
{
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(8)]
    public async Task FolderMasksEqualPyTorchArgmax(int batchSize)
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = batchSize, IntraOpThreads = 1 });
        var masks = ScoringData.NewFolder("masks");
        var written = await segmenter.ScoreFolderAsync(ScoringData.Images, masks);

        var images = ScoringData.ImageFiles;
        Assert.That(written, Is.EqualTo(images.Length));
        Assert.That(Directory.GetFiles(masks), Has.Length.EqualTo(images.Length), "one mask per image, no temp files left");
        foreach (var image in images)
        {
            var stem = Path.GetFileNameWithoutExtension(image);
            var mask = PngFile.ReadLabels(Path.Combine(masks, stem + ".png"));
            var source = PngFile.Read(image);
            Assert.That(mask.Size, Is.EqualTo(new[] { source.Height, source.Width }), stem);
            ScoringData.AssertMatchesPyTorch(mask, stem);
        }
    }

    [Test]
    public void ModelMetadataIsRead()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter);
        var model = segmenter.Model;
        Assert.Multiple(() =>
        {
            Assert.That(model.InputName, Is.EqualTo("image"));
            Assert.That(model.Channels, Is.EqualTo(1));
            Assert.That(model.ClassCount, Is.EqualTo(3));
            Assert.That(model.ClassNames, Is.EqualTo(new[] { "background", "left", "right" }));
            Assert.That(model.Normalization.Kind, Is.EqualTo(NormalizationKind.ZScore));
            Assert.That(model.TrainingSize, Is.EqualTo(new[] { 32, 32 }));
            Assert.That(model.Method, Is.EqualTo("baseline"));
            Assert.That(model.Version, Is.EqualTo("0.1.0"));
            Assert.That(model.LabelsOutput, Is.EqualTo("labels"));
            Assert.That(segmenter.Device, Is.EqualTo(OnnxDevice.Cpu));
        });
    }

    [Test]
    public void DeviceSelectionFallsBackToCpuOnlyWhenAllowed()
    {
        var log = new List<string>();
        using var auto = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { Device = OnnxDevice.Auto, Log = log.Add });
        Assert.That(auto.Device, Is.EqualTo(OnnxDevice.Cpu));
        Assert.That(auto.DeviceFallbackReason, Does.Contain("CUDA"));
        Assert.That(log, Is.EqualTo(new[] { auto.DeviceFallbackReason }));
        ScoringData.AssertMatchesPyTorch(auto.Score(PngFile.ReadImage(ScoringData.ImageFiles[0])).Labels, "img_000");
        Assert.That(() => new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { Device = OnnxDevice.Cuda(0) }),
            Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("CUDA"));
    }

    [Test]
    public void InMemoryImagesWithResultsInOrderAndARemainderBatch()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { BatchSize = 7 });
        var files = ScoringData.ImageFiles;
        var results = segmenter.Score(files.Select(PngFile.ReadImage)).ToList();
        Assert.That(results.Select(r => r.Index), Is.EqualTo(Enumerable.Range(0, files.Length).Select(i => (long)i)));
        for (var i = 0; i < files.Length; i++)
        {
            Assert.That(results[i].Source, Is.Null);
            ScoringData.AssertMatchesPyTorch(results[i].Labels, Path.GetFileNameWithoutExtension(files[i]));
        }
    }

    [Test]
    public void ModelWithoutMetadataWorksWithExplicitOptions()
    {
        var file = ScoringData.ImageFiles[3];
        string[] names = ["background", "left", "right"];
        using var plain = new OnnxSegmenter(ScoringData.PlainSegmenter, new OnnxSegmenterOptions { Normalization = InputNormalization.ZScore, ClassNames = names });
        Assert.That(plain.Model.TrainingSize, Is.Null);
        Assert.That(plain.Model.ClassNames, Is.EqualTo(names));
        ScoringData.AssertMatchesPyTorch(plain.Score(PngFile.ReadImage(file)).Labels, Path.GetFileNameWithoutExtension(file));

        // Without the normalisation the same model gives other labels: the option is really used.
        using var raw = new OnnxSegmenter(ScoringData.PlainSegmenter, new OnnxSegmenterOptions { Normalization = InputNormalization.None, ClassNames = names });
        Assert.That(raw.Model.Normalization.Kind, Is.EqualTo(NormalizationKind.None));
        Assert.That(raw.Score(PngFile.ReadImage(file)).Labels.Data, Is.Not.EqualTo(plain.Score(PngFile.ReadImage(file)).Labels.Data));

        // Without the options the model is refused, naming what is missing and where to give it.
        Assert.That(() => new OnnxSegmenter(ScoringData.PlainSegmenter),
            Throws.InstanceOf<SegmentationModelException>().With.Message.Contains(ScoringData.PlainSegmenter).And.Message.Contains("ClassNames"));
        Assert.That(() => new OnnxSegmenter(ScoringData.PlainSegmenter, new OnnxSegmenterOptions { ClassNames = names }),
            Throws.InstanceOf<SegmentationModelException>().With.Message.Contains("Normalization"));

        Assert.That(() => new OnnxSegmenter(ScoringData.PlainSegmenter, new OnnxSegmenterOptions { Resize = ResizePolicy.ToTrainingSize, Normalization = InputNormalization.None, ClassNames = names }),
            Throws.ArgumentException.With.Message.Contains("training size"));
    }

    [Test]
    public void ResizeToTrainingSizeAndBackMatchesPyTorchInterpolate()
    {
        using var segmenter = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { Resize = ResizePolicy.ToTrainingSize, BatchSize = 4 });
        var files = ScoringData.ImageFiles;
        var results = segmenter.ScoreFiles(files).ToList();
        for (var i = 0; i < files.Length; i++)
        {
            Assert.That(results[i].Source, Is.EqualTo(files[i]));
            ScoringData.AssertMatchesPyTorch(results[i].Labels, Path.GetFileNameWithoutExtension(files[i]), resized: true);
        }
    }

    [Test]
    public void ProbabilitiesAndThresholds()
    {
        var image = PngFile.ReadImage(ScoringData.ImageFiles[0]);
        using var argmax = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { OutputProbabilities = true });
        var result = argmax.Score(image);
        var p = result.Probabilities!;
        Assert.That(p.Channels, Is.EqualTo(3));
        Assert.That(p.Size, Is.EqualTo(image.Size));
        var plane = image.VoxelCount;
        for (var i = 0; i < plane; i++)
        {
            Assert.That(p.Data[i] + p.Data[plane + i] + p.Data[2 * plane + i], Is.EqualTo(1).Within(1e-5));
        }

        // Thresholds: the best foreground class at or above its threshold, else background.
        float[] thresholds = [0f, 0.5f, 0.4f];
        using var thresholded = new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { ClassThresholds = thresholds });
        var labels = thresholded.Score(image).Labels.Data;
        var expected = Enumerable.Range(0, plane).Select(i =>
        {
            float p1 = p.Data[plane + i], p2 = p.Data[2 * plane + i];
            var best = 0;
            var max = float.NegativeInfinity;
            if (p1 >= 0.5f && p1 > max) { best = 1; max = p1; }
            if (p2 >= 0.4f && p2 > max) { best = 2; }
            return best;
        }).ToArray();
        Assert.That(labels, Is.EqualTo(expected));
        Assert.That(labels.Distinct().Count(), Is.EqualTo(3));
        Assert.That(labels, Is.Not.EqualTo(result.Labels.Data));

        Assert.That(() => new OnnxSegmenter(ScoringData.Segmenter, new OnnxSegmenterOptions { ClassThresholds = [0.5f] }),
            Throws.ArgumentException.With.Message.Contains("3 classes"));
    }
}
