using System.CommandLine;
using MLSegmentation.Onnx;
using MLSegmentation.Reporting.Overlays;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg score</c>: an ONNX model over a folder or files, writing mask PNGs (2D models) or NIfTI label volumes (3D models).</summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "An ONNX segmentation model (exported by mlseg, or any model with an image input [N, C, H, W] or volume input [N, C, D, H, W] and a probabilities output)." };
        var input = new Option<string>("--input") { Description = "A folder of images (PNG, JPEG) for a 2D model or of NIfTI volumes (.nii, .nii.gz; a 4th dimension holds the modalities) for a 3D model, a .csv/.json manifest listing them (its image column), or one such file.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the masks, same stems as the inputs: greyscale PNGs for images, .nii.gz label volumes with the source's geometry for volumes.", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Images, volumes or sliding-window tiles per ONNX Runtime run.", DefaultValueFactory = _ => 8 };
        var device = new Option<string>("--device") { Description = "Where ONNX Runtime scores: cpu, cuda or cuda:N (GPU N; an error when CUDA cannot be used: it needs mlseg built with -p:MLSegAccelerator=cuda and CUDA 13), or auto (CUDA device 0 when it works, else the CPU, with a note on stderr).", DefaultValueFactory = _ => "auto" };
        var normalization = new Option<string?>("--normalization") { Description = "The input normalisation, for models without mlseg.* metadata (exported from PyTorch, say); overrides the model's. none, zscore (per image and channel), scale:F (x × F, e.g. scale:1/255), fixed:M1,M2,../S1,S2,.. ((x − M[c]) / S[c] per channel), or the JSON of mlseg.normalization. Applied to stored pixel values (0–255 for 8-bit images): torchvision's ToTensor then Normalize(mean, std) is fixed: with mean × 255 and std × 255." };
        var classNames = new Option<string?>("--class-names") { Description = "Class names in class-index order, comma-separated, background first (e.g. background,lesion), for models without mlseg.* metadata; overrides the model's." };
        var trainingSize = new Option<string?>("--training-size") { Description = "The size the model was trained at, H,W (2D) or D,H,W (3D), for --resize ToTrainingSize or SlidingWindow with models without mlseg.training_size; overrides the model's." };
        var resize = new Option<ResizePolicy?>("--resize") { Description = "None (run at each input's size), ToTrainingSize (bi/trilinear resize), or SlidingWindow (tiles of the training size, Gaussian-weighted, over H, W or D, H, W); default: the model's mlseg.resize (ToTrainingSize for models trained with --size), else None." };
        var probabilities = new Option<bool>("--probabilities") { Description = "Also write probability maps beside the masks: stem_probability_k.png per class k (16 bits, p × 65535) for images, stem_probabilities.nii.gz (float32, classes along the 4th dimension) for volumes.", DefaultValueFactory = _ => false };
        var overlays = new Option<int>("--overlays") { Description = "Also write overlay pictures (image | prediction, one axial slice for volumes) of N inputs spread evenly over the input order into OUT/overlays (0: none).", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (0: its default).", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final summary." };
        var json = new Option<bool>("--json") { Description = "Print progress as JSON lines, one per scored input, and the summary as a last JSON line (for scripts and CI)." };
        var command = new Command("score", "Score images (2D model) or NIfTI volumes (3D model) with an ONNX model in batches and write one mask per input.")
        {
            model, input, output, batch, device, normalization, classNames, trainingSize, resize, probabilities, overlays, threads, quiet, json,
        };
        command.SetAction(r => CommandErrors.Run("score", () =>
        {
            var options = new OnnxSegmenterOptions
            {
                BatchSize = r.GetValue(batch),
                Resize = r.GetValue(resize),
                OutputProbabilities = r.GetValue(probabilities),
                IntraOpThreads = r.GetValue(threads),
            };
            options.Device = Parsed("--device", r.GetValue(device)!, OnnxDevice.Parse);
            options.Log = line => Console.Error.WriteLine($"note: {line}");
            if (r.GetValue(normalization) is string n) options.Normalization = Parsed("--normalization", n, InputNormalization.ParseText);
            if (r.GetValue(classNames) is string c) options.ClassNames = [.. c.Split(',', StringSplitOptions.TrimEntries)];
            if (SizeArgument.Parse("--training-size", r.GetValue(trainingSize)) is int[] t) options.TrainingSize = t;
            using var segmenter = new OnnxSegmenter(r.GetValue(model)!, options);
            string source = r.GetValue(input)!, masks = r.GetValue(output)!;
            Directory.CreateDirectory(masks);
            int overlayCount = r.GetValue(overlays);
            if (overlayCount < 0) throw new ArgumentException($"--overlays {overlayCount}: use a count of 0 or more");
            string[] files = Directory.Exists(source) ? segmenter.ListFolder(source)
                : IsManifest(source) ? ManifestInputs(source)
                : File.Exists(source) ? [Path.GetFullPath(source)]
                : throw new FileNotFoundException($"{source}: no such image, volume or folder");
            var chosen = MaskOverlay.Choose(files.Length, overlayCount).ToHashSet();
            var samples = new List<OverlaySample>();
            string unit = segmenter.Model.SpatialDims == 3 ? "volume" : "image";
            var terminal = new ScoringConsole(OutputModes.Choose(r.GetValue(json), r.GetValue(quiet)), files.Length, unit);
            using var ctrlC = new CtrlC();
            try
            {
                terminal.Run(() =>
                {
                    foreach (SegmentationResult result in segmenter.ScoreFiles(files, masks, ctrlC.Token))
                    {
                        if (chosen.Contains((int)result.Index))
                            samples.Add(new OverlaySample(Path.GetFileName(result.Source!), ImageFile.Read(result.Source!), null, result.Labels));
                        terminal.Report(result);
                    }
                });
            }
            catch (OperationCanceledException) when (ctrlC.Pressed)
            {
                Console.Error.WriteLine($"interrupted after {terminal.Done} of {files.Length} {unit}s; their masks are in {Path.GetFullPath(masks)}");
                return 130;
            }
            Console.WriteLine(terminal.Summary(segmenter.Device.ToString(), Path.GetFullPath(masks)));
            if (samples.Count > 0)
            {
                string overlayFolder = Path.Combine(masks, "overlays");
                MaskOverlay.Write(overlayFolder, samples);
                if (!r.GetValue(json)) Console.WriteLine($"{samples.Count} overlay(s) in {Path.GetFullPath(overlayFolder)}");
            }
            return 0;
        }));
        return command;
    }

    private static T Parsed<T>(string option, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{option} '{text}': {e.Message}", e);
        }
    }

    private static bool IsManifest(string path) => Path.GetExtension(path).ToUpperInvariant() is ".CSV" or ".JSON";

    /// <summary>The inputs a manifest lists (its <c>image</c> column; masks, if listed, are ignored).</summary>
    private static string[] ManifestInputs(string manifest)
    {
        FileSegmentationDataset dataset = ManifestDataset.Open(manifest);
        return [.. Enumerable.Range(0, dataset.Count).Select(i => dataset.GetInfo(i)).Select(info => info.ImagePaths.Count == 1 ? info.ImagePaths[0]
            : throw new ArgumentException($"{manifest}: sample '{info.Id}' lists {info.ImagePaths.Count} image files; the scorer reads one file per input (a 4D NIfTI for a multi-modal volume)"))];
    }
}
