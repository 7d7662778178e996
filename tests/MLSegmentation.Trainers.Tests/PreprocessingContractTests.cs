using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Transforms;

namespace MLSegmentation.Trainers.Tests;

/// <summary>Training-time preprocessing and the scorers' normalisation are one definition: the same values, bit for bit.</summary>
public class PreprocessingContractTests
{
    private static IEnumerable<Preprocessing> Cases()
    {
        yield return new Preprocessing { Normalization = IntensityNormalization.ZScore };
        yield return new Preprocessing { Normalization = IntensityNormalization.Fixed, Mean = [0.485, 120.25], Std = [0.229, 33.3] };
        yield return new Preprocessing { Normalization = IntensityNormalization.Scale, ScaleFactor = 1 / 255.0 };
        yield return new Preprocessing { Normalization = IntensityNormalization.None };
    }

    [TestCaseSource(nameof(Cases))]
    public void TrainingTransformsGiveWhatTheScorerComputesFromTheExportedMetadata(Preprocessing preprocessing)
    {
        var random = new Random(5);
        var image = new Image(2, [7, 9], [.. Enumerable.Range(0, 126).Select(_ => (float)(random.NextDouble() * 4000 - 300))]);
        var sample = new SegmentationSample(image);
        foreach (ISampleTransform transform in preprocessing.ToTransforms()) sample = transform.Apply(sample, new SampleRandom(0, 0));

        // What OnnxSegmenter reads back from mlseg.normalization and applies to the raw pixels.
        InputNormalization scorer = InputNormalization.Parse(preprocessing.ToInputNormalization().ToJson());
        var scored = new float[image.Data.Length];
        scorer.Apply(image.Data, scored, image.Channels);

        Assert.That(sample.Image.Data, Is.EqualTo(scored));
        if (preprocessing.Normalization != IntensityNormalization.None) Assert.That(sample.Image.Data, Is.Not.EqualTo(image.Data));
    }

    [Test]
    public void AConstantImageNormalisesToZerosInTrainingAndScoring()
    {
        var image = new Image(1, [4, 4], Enumerable.Repeat(42f, 16).ToArray());
        var sample = new NormalizeIntensity(InputNormalization.ZScore).Apply(new SegmentationSample(image), new SampleRandom(0, 0));
        Assert.That(sample.Image.Data, Is.All.EqualTo(0f));
    }
}
