using System.CommandLine;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg synthetic</c>: writes the synthetic benchmark as a dataset folder.</summary>
internal static class SyntheticCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write images/, masks/ and classes.txt into.", Required = true };
        var count = new Option<int>("--count") { Description = "Number of images.", DefaultValueFactory = _ => 200 };
        var size = new Option<string>("--size") { Description = "Image size in pixels: N (square) or HxW.", DefaultValueFactory = _ => "64" };
        var classes = new Option<int>("--classes") { Description = "Classes including background (2 to 5: blob, shape, thin, lesion).", DefaultValueFactory = _ => 5 };
        var heterogeneity = new Option<double>("--heterogeneity") { Description = "Background heterogeneity, 0 (plain) to 1 (many distractors; where plain models over-segment).", DefaultValueFactory = _ => 0.5 };
        var occlusion = new Option<double>("--occlusion") { Description = "Share of images with occluding patches, 0 to 1.", DefaultValueFactory = _ => 0.2 };
        var first = new Option<long>("--first-index") { Description = "Index of the first image (use different ranges for train and test folders).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the generator.", DefaultValueFactory = _ => 1 };
        var command = new Command("synthetic", "Write the synthetic segmentation benchmark (objects of several classes on textured backgrounds, exact labels) as images/ + masks/.")
        {
            output, count, size, classes, heterogeneity, occlusion, first, seed,
        };
        command.SetAction(r => CommandErrors.Run("synthetic", () =>
        {
            int[] s = SizeArgument.Parse("--size", r.GetValue(size), allowSquare: true)!;
            if (s.Length != 2) throw new ArgumentException($"--size '{r.GetValue(size)}': the synthetic benchmark is 2D, expected N or HxW");
            var options = new SyntheticOptions
            {
                Height = s[0], Width = s[1], ClassCount = r.GetValue(classes),
                BackgroundHeterogeneity = r.GetValue(heterogeneity), Occlusion = r.GetValue(occlusion),
            };
            options.Validate();
            string folder = r.GetValue(output)!;
            new SyntheticDatasetGenerator(options, r.GetValue(seed)).WriteFolder(folder, r.GetValue(count), r.GetValue(first));
            Console.WriteLine($"{r.GetValue(count)} images written to {Path.GetFullPath(folder)}");
            return 0;
        }));
        return command;
    }
}
