using System.Buffers.Binary;
using System.Diagnostics;

namespace MLSegmentation.Transforms.Tests;

/// <summary>
/// Compares decodes with Pillow run live through /usr/bin/python3 (Debian's python3-pil): on PNGs Pillow writes
/// (16-bit grey, 0/255 masks, VOC-style and duplicate-colour palettes) and on interlaced ones written by
/// TestData/pillow_cases.py, and Pillow's reading of the PNGs this project writes.
/// </summary>
public class PillowComparisonTests
{
    private const string Python = "/usr/bin/python3";

    [Test]
    public void DecodesEqualPillowsOnGeneratedFiles()
    {
        string dir = TestData.TempFolder();
        string[] cases = Run(TestData.Fixture("pillow_cases.py"), dir).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(cases, Has.Length.EqualTo(7));
        foreach (string line in cases)
        {
            string[] f = line.Split(' ');
            string path = Path.Combine(dir, f[0]);
            int[] expected = ReadRaw(Path.ChangeExtension(path, ".raw"));
            int[] ours = f[1] == "labels" ? PngFile.ReadLabels(path).Data : Interleaved(PngFile.ReadImage(path));
            Assert.That(ours, Is.EqualTo(expected), f[0]);
        }

        Assert.That(PngFile.Read(Path.Combine(dir, "palette4_duplicates.png")).PaletteAlpha.ToArray()[..2], Is.EqualTo(new byte[] { 0, 128 }));
        Directory.Delete(dir, true);
    }

    [Test]
    public void PillowReadsTheFilesWeWrite()
    {
        string dir = TestData.TempFolder();
        var grey16 = new Image(1, [9, 13]);
        var rgb = new Image(3, [9, 13]);
        var labels = new LabelMap([9, 13]);
        for (int i = 0; i < grey16.Data.Length; i++)
        {
            grey16.Data[i] = i * 977 % 65536;
            labels.Data[i] = i % 3 == 0 ? 255 : 0;
        }

        for (int i = 0; i < rgb.Data.Length; i++)
        {
            rgb.Data[i] = i * 7 % 256;
        }

        PngFile.WriteImage(Path.Combine(dir, "grey16.png"), grey16, bitDepth: 16);
        PngFile.WriteImage(Path.Combine(dir, "rgb.png"), rgb);
        PngFile.WriteLabels(Path.Combine(dir, "mask.png"), labels);
        string script = "import sys, numpy as np\nfrom PIL import Image\nfor name in sys.argv[2:]:\n" +
                        "    im = Image.open(sys.argv[1] + '/' + name)\n    np.asarray(im).astype('<u2').tofile(sys.argv[1] + '/' + name[:-4] + '.raw')\n    print(name, im.mode)";
        string scriptPath = Path.Combine(dir, "read.py");
        File.WriteAllText(scriptPath, script);
        string modes = Run(scriptPath, dir, "grey16.png", "rgb.png", "mask.png");
        // Pillow opens 16-bit grey PNGs as mode I (32-bit integers).
        Assert.That(modes.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "grey16.png I", "rgb.png RGB", "mask.png L" }));
        Assert.That(ReadRaw(Path.Combine(dir, "grey16.raw")), Is.EqualTo(grey16.Data.Select(v => (int)v)));
        Assert.That(ReadRaw(Path.Combine(dir, "rgb.raw")), Is.EqualTo(Interleaved(rgb)));
        Assert.That(ReadRaw(Path.Combine(dir, "mask.raw")), Is.EqualTo(labels.Data));
        Directory.Delete(dir, true);
    }

    /// <summary>Runs a Python script with /usr/bin/python3; ignores the test, saying why, when Pillow is not there.</summary>
    private static string Run(string script, params string[] arguments)
    {
        if (!File.Exists(Python))
        {
            Assert.Ignore($"SKIPPED, Pillow comparison not run: {Python} is missing (install python3-pil; scripts/setup.sh does).");
        }

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && error.Contains("No module named", StringComparison.Ordinal))
        {
            Assert.Ignore($"SKIPPED, Pillow comparison not run: {Python} lacks a module ({error.Trim()}); install python3-pil and python3-numpy (scripts/setup.sh does).");
        }

        Assert.That(process.ExitCode, Is.Zero, error);
        return output;
    }

    private static int[] ReadRaw(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return [.. Enumerable.Range(0, bytes.Length / 2).Select(i => (int)BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i)))];
    }

    private static int[] Interleaved(Image image)
    {
        var values = new int[image.Data.Length];
        for (int i = 0; i < image.VoxelCount; i++)
        {
            for (int c = 0; c < image.Channels; c++)
            {
                values[i * image.Channels + c] = (int)image.Data[c * image.VoxelCount + i];
            }
        }

        return values;
    }
}
