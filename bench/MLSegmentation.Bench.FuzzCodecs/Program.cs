// Codec fuzz run: N seeded mutations per format (PNG, JPEG, BMP, WebP) of the test fixtures, each written to a
// file and read with RasterFile.ReadImage. Prints per format: files, decoded, documented exceptions
// (InvalidDataException naming the file), other exceptions, the slowest file, and the process's peak memory.
// Exits 1 on any other exception, 2 when one file takes longer than the limit (a hang).
//   dotnet run -c Release --project bench/MLSegmentation.Bench.FuzzCodecs -- [mutations per format] [seed]
using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Transforms;
using MLSegmentation.Transforms.Tests;

int mutations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
int seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20261202;
TimeSpan hangLimit = TimeSpan.FromSeconds(30);
string fixtures = Path.Combine(AppContext.BaseDirectory, "TestData");
string work = Directory.CreateTempSubdirectory("mlseg-fuzz-codecs-").FullName;
int failures = 0;
Console.WriteLine(FormattableString.Invariant($"{mutations} mutations per format, seed {seed}"));
Console.WriteLine("format  files  decoded  documented  other  slowest ms  peak MB");
foreach ((string format, string[] seeds) in CodecMutations.Formats)
{
    byte[][] originals = [.. seeds.Select(s => File.ReadAllBytes(Path.Combine(fixtures, s)))];
    var random = new Random(seed);
    int decoded = 0, documented = 0, other = 0;
    TimeSpan slowest = TimeSpan.Zero;
    for (int i = 0; i < mutations; i++)
    {
        string path = Path.Combine(work, FormattableString.Invariant($"{format}-{i}{Path.GetExtension(seeds[0])}"));
        File.WriteAllBytes(path, CodecMutations.Mutate(originals[i % originals.Length], i, random));
        long start = Stopwatch.GetTimestamp();
        var read = Task.Run(() => RasterFile.ReadImage(path));
        if (Task.WaitAny([read], hangLimit) < 0)
        {
            Console.WriteLine($"HANG: {path} took over {hangLimit.TotalSeconds} s");
            Environment.Exit(2);
        }

        TimeSpan took = Stopwatch.GetElapsedTime(start);
        slowest = took > slowest ? took : slowest;
        Exception? error = read.Exception?.InnerException;
        if (error is null)
        {
            decoded++;
        }
        else if (error is InvalidDataException && error.Message.Contains(path, StringComparison.Ordinal))
        {
            documented++;
        }
        else
        {
            other++;
            Console.WriteLine($"OTHER: {path}: {error.GetType().Name}: {error.Message}");
            continue; // keep the file for inspection
        }

        File.Delete(path);
    }

    failures += other;
    double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    Console.WriteLine(FormattableString.Invariant($"{format,-6}  {mutations,5}  {decoded,7}  {documented,10}  {other,5}  {slowest.TotalMilliseconds,10:F1}  {peak,7:F0}"));
}

if (failures == 0)
{
    Directory.Delete(work, true);
}

return failures == 0 ? 0 : 1;
