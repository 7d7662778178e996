using System.CommandLine;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg synthetic</c>: writes a synthetic task (<see cref="SyntheticTask"/>) as a dataset folder.</summary>
internal static class SyntheticCommand
{
    private const string FromTask = " Default: the task's.";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write images/, masks/ and classes.txt into.", Required = true };
        var task = new Option<SyntheticTask>("--task") { Description = "Preset of the knobs below, one per method's claim: " + SyntheticTasks.Help + ".", DefaultValueFactory = _ => SyntheticTask.Standard };
        var count = new Option<int>("--count") { Description = "Number of images.", DefaultValueFactory = _ => 200 };
        var size = new Option<string?>("--size") { Description = "Image size in pixels: N (square) or HxW." + FromTask };
        var classes = new Option<int?>("--classes") { Description = "Classes including background (2 to 5: blob, shape, thin, lesion)." + FromTask };
        var heterogeneity = new Option<double?>("--heterogeneity") { Description = "Background heterogeneity, 0 (plain) to 1 (strong texture and distractors; where plain models over-segment)." + FromTask };
        var distractors = new Option<int?>("--distractors") { Description = "Unlabelled soft patches per image peaking in the blob's intensity range." + FromTask };
        var occlusion = new Option<double?>("--occlusion") { Description = "Probability, 0 to 1, that an object is placed over an earlier one, hiding part of it." + FromTask };
        var occluders = new Option<int?>("--occluders") { Description = "Flat background-grey discs per image hiding part of objects (the labels keep the hidden parts)." + FromTask };
        var perClass = new Option<int?>("--objects-per-class") { Description = "Objects of every class per image (0: 1–2, lesions with probability 0.6)." + FromTask };
        var first = new Option<long>("--first-index") { Description = "Index of the first image (use different ranges for train and test folders).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => 1 };
        var command = new Command("synthetic", "Write a synthetic segmentation task (objects of several classes on textured backgrounds, exact labels) as images/ + masks/.")
        {
            output, task, count, size, classes, heterogeneity, distractors, occlusion, occluders, perClass, first, seed,
        };
        command.SetAction(r => CommandErrors.Run("synthetic", () =>
        {
            SyntheticOptions preset = SyntheticOptions.ForTask(r.GetValue(task));
            int[] s = r.GetValue(size) is string text ? SizeArgument.Parse("--size", text, allowSquare: true)! : [preset.Height, preset.Width];
            if (s.Length != 2) throw new ArgumentException($"--size '{r.GetValue(size)}': the synthetic benchmark is 2D, expected N or HxW");
            var options = preset with
            {
                Height = s[0], Width = s[1], ClassCount = r.GetValue(classes) ?? preset.ClassCount,
                BackgroundHeterogeneity = r.GetValue(heterogeneity) ?? preset.BackgroundHeterogeneity, Distractors = r.GetValue(distractors) ?? preset.Distractors,
                Occlusion = r.GetValue(occlusion) ?? preset.Occlusion, Occluders = r.GetValue(occluders) ?? preset.Occluders,
                ObjectsPerClass = r.GetValue(perClass) ?? preset.ObjectsPerClass,
            };
            options.Validate();
            string folder = r.GetValue(output)!;
            new SyntheticDatasetGenerator(options, r.GetValue(seed)).WriteFolder(folder, r.GetValue(count), r.GetValue(first));
            Console.WriteLine($"{r.GetValue(count)} images ({SyntheticTasks.Describe(options)}) written to {Path.GetFullPath(folder)}");
            return 0;
        }));
        return command;
    }
}
