using System.CommandLine;
using MLSegmentation.Cli.Datasets;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg dataset</c>: writes the real tasks of the experiments as folder-layout datasets (train/ and validation/).</summary>
internal static class DatasetCommand
{
    public static Command Create() => new("dataset", "Write a real task as two folder-layout datasets, OUT/train and OUT/validation (for mlseg experiment --data OUT/train --validation-data OUT/validation).")
    {
        Colin27Aal(),
        Colin27Lobes(),
        Holes(),
    };

    private static Command Colin27Aal()
    {
        var label = new Option<int>("--label") { Description = "The AAL structure that is the ROI (aal.nii.txt lists them; 37 = Hippocampus_L).", DefaultValueFactory = _ => 37 };
        var size = new Option<int>("--size") { Description = "Side of the square slices in 2 mm pixels, centred on the structure (a smaller crop makes the ROI a larger share).", DefaultValueFactory = _ => Colin27AalTask.DefaultSize };
        return Colin27Command("colin27-aal",
            "Axial slices of the Colin27 T1 template with one AAL structure as the ROI: 2×2 block sums (2 mm pixels, 16-bit PNG), square crops centred on the structure, "
            + $"the slices from {Colin27AalTask.Margin} below to {Colin27AalTask.Margin} above it; the lower block trains, the upper block validates, {Colin27AalTask.Gap} slices apart.",
            [label, size], (r, templates, folder) => Colin27AalTask.Write(templates, r.GetValue(label), r.GetValue(size), folder));
    }

    private static Command Colin27Lobes() => Colin27Command("colin27-lobes",
        $"Axial slices of the Colin27 T1 template with the AAL atlas merged into its {Colin27LobesTask.ClassNames.Count - 1} lobes ({string.Join(", ", Colin27LobesTask.ClassNames.Skip(1))}): "
        + $"4×4 block sums (4 mm pixels, 16-bit PNG), centred {Colin27LobesTask.Height}×{Colin27LobesTask.Width} crops, z = {Colin27LobesTask.FirstSlice}…{Colin27LobesTask.LastSlice}; "
        + "z mod 10 of 0–4 trains, 6–8 validates.",
        [], (_, templates, folder) => Colin27LobesTask.Write(templates, folder));

    private static Command Holes()
    {
        var data = new Option<string>("--data") { Description = "The 2D dataset to copy (the layouts of mlseg train), usually a held-out one.", Required = true };
        var layout = new Option<DatasetLayout>("--layout") { Description = "Dataset layout (auto detects it).", DefaultValueFactory = _ => DatasetLayout.Auto };
        var output = new Option<string>("--out") { Description = "Folder to create (it must not exist), in the folder layout: images/, masks/ and classes.txt.", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the hole masks (sample k gets mask k of this seed).", DefaultValueFactory = _ => 1 };
        var defaults = new HoleMaskOptions();
        var coverageMin = new Option<double>("--coverage-min") { Description = "Least share of an image a hole mask covers.", DefaultValueFactory = _ => defaults.MaskCoverageMin };
        var coverageMax = new Option<double>("--coverage-max") { Description = "Largest share of an image a hole mask covers.", DefaultValueFactory = _ => defaults.MaskCoverageMax };
        var command = new Command("holes",
            "Copy a 2D dataset with MaskSup's free-form hole masks drawn on its images, filled with each image's mean intensity (masks unchanged): "
            + "held-out inputs for mlseg experiment --evaluation-data, to measure robustness to missing image regions.")
        {
            data, layout, output, seed, coverageMin, coverageMax,
        };
        command.SetAction(r => CommandErrors.Run("dataset holes", () =>
        {
            string folder = Path.GetFullPath(r.GetValue(output)!);
            DatasetFolder.CheckOutput(folder);
            ISegmentationDataset source = DatasetArguments.Open(r.GetValue(data)!, r.GetValue(layout), skipBadSamples: false);
            var options = new HoleMaskOptions { MaskCoverageMin = r.GetValue(coverageMin), MaskCoverageMax = r.GetValue(coverageMax) };
            Console.WriteLine($"{HoleMaskedDataset.Write(source, options, r.GetValue(seed), folder)}; written to {folder}");
            return 0;
        }));
        return command;
    }

    /// <summary>A Colin27 task's command: <c>--out</c>, <c>--templates</c> and <paramref name="options"/>; <paramref name="write"/> writes the folders and describes them.</summary>
    private static Command Colin27Command(string name, string description, Option[] options, Func<ParseResult, string, string, string> write)
    {
        var output = new Option<string>("--out") { Description = "Folder to create (it must not exist); it gets train/ and validation/, each with images/, masks/ and classes.txt.", Required = true };
        var templates = new Option<string>("--templates") { Description = "Folder holding ch2.nii.gz, aal.nii.gz and aal.nii.txt (Debian's mricron-data).", DefaultValueFactory = _ => Colin27Templates.DefaultFolder };
        var command = new Command(name, description) { output, templates };
        foreach (Option option in options) command.Options.Add(option);
        command.SetAction(r => CommandErrors.Run("dataset " + name, () =>
        {
            string folder = Path.GetFullPath(r.GetValue(output)!);
            Console.WriteLine($"{write(r, r.GetValue(templates)!, folder)}; written to {folder}");
            return 0;
        }));
        return command;
    }
}
