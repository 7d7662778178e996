namespace MLSegmentation.Transforms.Tests;

/// <summary>Each <see cref="SyntheticTask"/> has the property its method's claim needs, and only because of its knobs.</summary>
public class SyntheticTaskTests
{
    private const int Images = 12;

    [Test]
    public void StandardIsTheDefaultBenchmark() =>
        Assert.That(SyntheticOptions.ForTask(SyntheticTask.Standard), Is.EqualTo(new SyntheticOptions()));

    [Test]
    public void HeterogeneousBackgroundHasBackgroundOfTheRoisIntensity()
    {
        SyntheticOptions task = SyntheticOptions.ForTask(SyntheticTask.HeterogeneousBackground) with { NoiseSigma = 0 };
        Assert.That(task.ClassCount, Is.EqualTo(2), "background and the blob (the ROI)");
        int with = 0, without = 0;
        for (int index = 0; index < Images; index++)
        {
            int pixels = RoiLikeBackground(task, index);
            Assert.That(pixels, Is.GreaterThanOrEqualTo(5), $"image {index}");
            with += pixels;
            without += RoiLikeBackground(task with { Distractors = 0 }, index); // the texture's brightest bumps reach the range rarely
        }
        Assert.That(with, Is.GreaterThan(20 * Math.Max(1, without)), $"{with} ROI-like background pixels, {without} without distractors");
    }

    [Test]
    public void OcclusionHidesPartOfObjectsAndKeepsTheirLabels()
    {
        SyntheticOptions task = SyntheticOptions.ForTask(SyntheticTask.Occlusion) with { NoiseSigma = 0 };
        var occluded = new SyntheticDatasetGenerator(task, seed: 5);
        var clear = new SyntheticDatasetGenerator(task with { Occluders = 0 }, seed: 5);
        for (int index = 0; index < Images; index++)
        {
            SyntheticSample sample = occluded.Generate(index), reference = clear.Generate(index);
            Assert.That(sample.Labels.Data, Is.EqualTo(reference.Labels.Data), $"image {index}: the labels keep the hidden parts");
            int[] objects = [.. Enumerable.Range(0, sample.Labels.Data.Length).Where(i => sample.Labels.Data[i] is >= 1 and <= 3)];
            int hidden = objects.Count(i => sample.Image.Data[i] == SyntheticDatasetGenerator.BackgroundIntensity);
            Assert.That(hidden, Is.GreaterThan(0), $"image {index}: occluders cover object pixels");
            Assert.That(hidden, Is.LessThan(objects.Length), $"image {index}: only part of the objects");
            Assert.That(objects.Count(i => reference.Image.Data[i] == SyntheticDatasetGenerator.BackgroundIntensity), Is.Zero, $"image {index} without occluders");
        }
    }

    [Test]
    public void MultipleObjectsHasSeveralObjectsOfAClassInEveryImage()
    {
        SyntheticOptions task = SyntheticOptions.ForTask(SyntheticTask.MultipleObjects);
        var generator = new SyntheticDatasetGenerator(task, seed: 6);
        var standard = new SyntheticDatasetGenerator(null, seed: 6);
        int standardComponents = 0, components = 0;
        for (int index = 0; index < Images; index++)
        {
            LabelMap labels = generator.Generate(index).Labels;
            int[] perClass = [.. Enumerable.Range(1, task.ClassCount - 1).Select(c => Components(labels, c))];
            Assert.That(perClass.Max(), Is.GreaterThanOrEqualTo(2), $"image {index}: components per class {string.Join(", ", perClass)}");
            Assert.That(perClass, Is.All.GreaterThan(0), $"image {index}: every class");
            components += perClass.Sum();
            standardComponents += Enumerable.Range(1, 4).Sum(c => Components(standard.Generate(index).Labels, c));
        }
        Assert.That(components, Is.GreaterThan(1.5 * standardComponents), "more objects than the standard benchmark");
    }

    [TestCase(-1, 0, 0)]
    [TestCase(0, 65, 0)]
    [TestCase(0, 0, 17)]
    public void KnobsOutOfRangeAreRejected(int distractors, int occluders, int perClass) =>
        Assert.That(() => new SyntheticOptions { Distractors = distractors, Occluders = occluders, ObjectsPerClass = perClass }.Validate(),
            Throws.ArgumentException.With.Message.Contains("Distractors and Occluders"));

    /// <summary>Background pixels whose intensity lies in the blob's range (185–215).</summary>
    private static int RoiLikeBackground(SyntheticOptions options, int index)
    {
        SyntheticSample sample = new SyntheticDatasetGenerator(options, seed: 4).Generate(index);
        return Enumerable.Range(0, sample.Labels.Data.Length).Count(i => sample.Labels.Data[i] == 0 && sample.Image.Data[i] is >= 185 and <= 215);
    }

    /// <summary>4-connected components of class <paramref name="label"/>.</summary>
    private static int Components(LabelMap labels, int label)
    {
        int height = labels.Height, width = labels.Width, count = 0;
        var seen = new bool[labels.Data.Length];
        var stack = new Stack<int>();
        for (int start = 0; start < seen.Length; start++)
        {
            if (seen[start] || labels.Data[start] != label) continue;
            count++;
            seen[start] = true;
            stack.Push(start);
            while (stack.TryPop(out int i))
            {
                int y = i / width, x = i % width;
                foreach (int j in new[] { y > 0 ? i - width : -1, y < height - 1 ? i + width : -1, x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1 })
                {
                    if (j < 0 || seen[j] || labels.Data[j] != label) continue;
                    seen[j] = true;
                    stack.Push(j);
                }
            }
        }
        return count;
    }
}
