using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MLSegmentation.Onnx;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg score</c>: an ONNX model over a folder or files, writing mask PNGs.</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "An ONNX segmentation model (exported by mlseg, or any model with an image input and a probabilities output)." };
        var input = new Option<string>("--input") { Description = "A folder of images, or one image file (PNG or JPEG).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the mask PNGs (same stems as the inputs).", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Images per ONNX Runtime run.", DefaultValueFactory = _ => 8 };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda (auto falls back to the CPU and says so).", DefaultValueFactory = _ => "auto" };
        var resize = new Option<ResizePolicy>("--resize") { Description = "None (run at each image's size), ToTrainingSize, or SlidingWindow (tiles of the training size, Gaussian-weighted).", DefaultValueFactory = _ => ResizePolicy.None };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: its default).", DefaultValueFactory = _ => 0 };
        var command = new Command("score", "Score images with an ONNX model in batches and write one mask PNG per image.")
        {
            model, input, output, batch, device, resize, threads,
        };
        command.SetAction(r => CommandErrors.Run("score", () =>
        {
            var options = new OnnxSegmenterOptions
            {
                BatchSize = r.GetValue(batch),
                Resize = r.GetValue(resize),
                IntraOpThreads = r.GetValue(threads),
            };
            (options.ExecutionProvider, options.FallbackToCpu) = r.GetValue(device)!.ToLowerInvariant() switch
            {
                "cpu" => (ExecutionProvider.Cpu, false),
                "cuda" => (ExecutionProvider.Cuda, false),
                "auto" => (ExecutionProvider.Auto, true),
                string other => throw new ArgumentException($"--device '{other}': use auto, cpu or cuda"),
            };
            using var segmenter = new OnnxSegmenter(r.GetValue(model)!, options);
            if (segmenter.ExecutionProviderFallbackReason is string reason) Console.Error.WriteLine($"note: {reason}");
            string source = r.GetValue(input)!, masks = r.GetValue(output)!;
            Directory.CreateDirectory(masks);
            var clock = Stopwatch.StartNew();
            int count;
            if (Directory.Exists(source))
            {
                count = segmenter.ScoreFolder(source, masks);
            }
            else if (File.Exists(source))
            {
                count = segmenter.ScoreFiles([source], masks).Count();
            }
            else
            {
                throw new FileNotFoundException($"{source}: no such image or folder");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} image(s) scored in {clock.Elapsed.TotalSeconds:F1} s ({count / clock.Elapsed.TotalSeconds:F1} images/s) on {segmenter.ExecutionProvider}; masks in {Path.GetFullPath(masks)}"));
            return 0;
        }));
        return command;
    }
}
