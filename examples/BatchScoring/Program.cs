using Microsoft.ML;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Estimators;
using MLSegmentation.Trainers.Training;
using MLSegmentation.Transforms;

// In-app batch scoring: one OnnxSegmenter (one ONNX Runtime session, loaded once) scores a folder two ways —
// a single streaming call that writes one mask PNG per image, then several threads sharing the same segmenter,
// each scoring its own share of the files and measuring class areas. Memory stays bounded whatever the folder's
// size: only file names are listed up front, images are decoded and masks written as the stream goes. Ctrl-C
// stops both cleanly (masks already written stay).
// Usage: BatchScoring [--model model.onnx] [--images DIR] [--out DIR] [--threads N] [--batch-size N] [--steps N] [--count N]
var modelOption = new Option<string?>("--model") { Description = "An ONNX segmentation model; without it a small baseline is trained on the synthetic benchmark first." };
var imagesOption = new Option<string?>("--images") { Description = "The folder of PNG/JPEG images to score; without it synthetic images are generated." };
var outOption = new Option<string>("--out") { Description = "Output folder (masks, class areas, and the model when one is trained).", DefaultValueFactory = _ => Path.Combine("runs", "batch-scoring") };
var threadsOption = new Option<int>("--threads") { Description = "Threads sharing the segmenter in the second pass.", DefaultValueFactory = _ => Environment.ProcessorCount };
var batchOption = new Option<int>("--batch-size") { Description = "Images per ONNX Runtime run.", DefaultValueFactory = _ => 8 };
var stepsOption = new Option<int>("--steps") { Description = "Training steps of the stand-in model (no --model).", DefaultValueFactory = _ => 150 };
var countOption = new Option<int>("--count") { Description = "Synthetic images to generate (no --images).", DefaultValueFactory = _ => 400 };
var root = new RootCommand("Score a folder in-app with OnnxSegmenter: a streaming pass, then many threads sharing one segmenter.")
{
    modelOption, imagesOption, outOption, threadsOption, batchOption, stepsOption, countOption,
};
root.SetAction(r => Run(r.GetValue(modelOption), r.GetValue(imagesOption), Path.GetFullPath(r.GetValue(outOption)!),
    r.GetValue(threadsOption), r.GetValue(batchOption), r.GetValue(stepsOption), r.GetValue(countOption)));
return root.Parse(args).Invoke();

static int Run(string? modelPath, string? imageFolder, string output, int threads, int batchSize, int steps, int count)
{
    using var cancellation = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true; // let the scoring stages wind down instead of killing the process
        cancellation.Cancel();
    };
    var generator = new SyntheticDatasetGenerator(new SyntheticOptions(), seed: 7);
    if (imageFolder is null)
    {
        imageFolder = Path.Combine(output, "synthetic", "images");
        if (!Directory.Exists(imageFolder)) generator.WriteFolder(Path.GetDirectoryName(imageFolder)!, count, firstIndex: 50_000);
    }
    Console.WriteLine($"1. images: {imageFolder}");

    if (modelPath is null)
    {
        modelPath = Path.Combine(output, "model.onnx");
        string trainFolder = Path.Combine(output, "train");
        if (!Directory.Exists(trainFolder)) generator.WriteFolder(trainFolder, 64);
        var trainer = new MLContext().Segmentation().Trainers.Baseline(new BaselineOptions
        {
            Training = new TrainerOptions { Steps = steps, LearningRate = 3e-3 }, Seed = 7, CancellationToken = cancellation.Token,
        });
        using SegmentationModel model = trainer.Fit(FolderDataset.Open(trainFolder));
        model.ExportToOnnx(modelPath);
        Console.WriteLine($"   no --model: trained a baseline for {steps} steps on 64 synthetic images, exported {modelPath}");
    }

    // One segmenter for the whole run: the session and its buffers are created once and every Score* call below,
    // from any thread, shares them. BatchSize bounds the images held per run, PrefetchBatches the batches in flight.
    using var segmenter = new OnnxSegmenter(modelPath, new OnnxSegmenterOptions { BatchSize = batchSize, PrefetchBatches = 2 });
    IReadOnlyList<string> classes = segmenter.Model.ClassNames;
    Console.WriteLine($"2. model {Path.GetFileName(modelPath)}: {segmenter.Model.Channels} channel(s) in, classes {string.Join(", ", classes)}; on {segmenter.Device}");

    string[] files = segmenter.ListFolder(imageFolder); // the images the model takes, sorted; names only
    string masks = Path.Combine(output, "masks");
    int done = 0;
    var clock = Stopwatch.StartNew();
    try
    {
        // Pass 1, streaming: results arrive in input order as soon as their batch is done; the masks are written
        // by the scorer's own worker threads.
        foreach (SegmentationResult result in segmenter.ScoreFiles(files, masks, cancellation.Token))
        {
            if (++done % 100 == 0) Console.WriteLine($"   {done}/{files.Length} scored, last mask {Path.GetFileName(result.MaskPath)}");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"3. streaming pass: {done} images in {clock.Elapsed.TotalSeconds:F1} s, {done / clock.Elapsed.TotalSeconds:F1} images/s; masks in {masks}"));

        // Pass 2, many threads: each thread takes a chunk of files and runs its own scoring call over the shared
        // segmenter; only one row of class areas per image is kept.
        var areas = new double[files.Length][];
        clock.Restart();
        Parallel.ForEach(Enumerable.Range(0, files.Length).Chunk(batchSize),
            new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellation.Token },
            chunk =>
            {
                int k = 0;
                foreach (SegmentationResult result in segmenter.ScoreFiles(chunk.Select(i => files[i]), cancellationToken: cancellation.Token))
                    areas[chunk[k++]] = ClassAreas(result.Labels, classes.Count);
            });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"4. {threads} threads sharing the segmenter: {files.Length} images in {clock.Elapsed.TotalSeconds:F1} s, {files.Length / clock.Elapsed.TotalSeconds:F1} images/s"));

        string table = Path.Combine(output, "class-areas.csv");
        WriteAtomically(table, [$"image,{string.Join(',', classes)}",
            .. files.Select((f, i) => $"{Path.GetFileName(f)},{string.Join(',', areas[i].Select(a => a.ToString("F4", CultureInfo.InvariantCulture)))}")]);
        for (int c = 1; c < classes.Count; c++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   {classes[c],-12} mean area {areas.Average(a => a[c]):P2} of the image"));
        Console.WriteLine($"class areas per image: {table}");
        return 0;
    }
    catch (Exception) when (cancellation.IsCancellationRequested) // Parallel.ForEach may wrap the cancellation in an AggregateException
    {
        Console.Error.WriteLine($"cancelled ({done} of {files.Length} images through the streaming pass); the masks written so far are in {masks}");
        return 130;
    }
}

static double[] ClassAreas(LabelMap labels, int classCount)
{
    var area = new double[classCount];
    foreach (int label in labels.Data) area[label]++;
    for (int c = 0; c < classCount; c++) area[c] /= labels.Data.Length;
    return area;
}

static void WriteAtomically(string path, IEnumerable<string> lines)
{
    string temporary = path + ".tmp";
    File.WriteAllLines(temporary, lines);
    File.Move(temporary, path, overwrite: true);
}
