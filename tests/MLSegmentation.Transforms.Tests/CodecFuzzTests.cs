using System.Diagnostics;

namespace MLSegmentation.Transforms.Tests;

/// <summary>The CI slice of the codec fuzz run (the full run: bench/fuzz-codecs.sh).</summary>
public class CodecFuzzTests
{
    private const int MutationsPerFormat = 200;

    [TestCase("PNG")]
    [TestCase("JPEG")]
    [TestCase("BMP")]
    [TestCase("WebP")]
    public void MutatedFilesDecodeOrFailWithTheDocumentedException(string format)
    {
        string[] seeds = CodecMutations.Formats.Single(f => f.Format == format).Seeds;
        byte[][] originals = [.. seeds.Select(s => File.ReadAllBytes(TestData.Fixture(s)))];
        var random = new Random(20261202);
        int decoded = 0, refused = 0;
        var other = new List<string>();
        TimeSpan slowest = TimeSpan.Zero;
        for (int i = 0; i < MutationsPerFormat; i++)
        {
            string name = $"{format}-mutation-{i}";
            byte[] bytes = CodecMutations.Mutate(originals[i % originals.Length], i, random);
            long start = Stopwatch.GetTimestamp();
            try
            {
                RasterFile.Decode(bytes, name);
                decoded++;
            }
            catch (InvalidDataException e) when (e.Message.Contains(name, StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception e)
            {
                other.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }

            TimeSpan took = Stopwatch.GetElapsedTime(start);
            slowest = took > slowest ? took : slowest;
        }

        TestContext.Out.WriteLine($"{format}: {MutationsPerFormat} files, {decoded} decoded, {refused} InvalidDataException, {other.Count} other; slowest {slowest.TotalMilliseconds:F1} ms");
        Assert.That(other, Is.Empty);
        Assert.That(refused, Is.GreaterThan(MutationsPerFormat / 4), "most mutations must be caught");
        Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(15)), "no decode hangs");
    }
}
