using System.CommandLine;

namespace MLSegmentation.Cli.Commands;

/// <summary><c>mlseg dataset</c>: writes the real tasks of the experiments as folder-layout datasets (train/ and validation/).</summary>
internal static class DatasetCommand
{
    public static Command Create() => new("dataset", "Write a real task as two folder-layout datasets, OUT/train and OUT/validation (for mlseg experiment --data OUT/train --validation-data OUT/validation).")
    {
        Colin27Aal(),
    };

    private static Command Colin27Aal()
    {
        var output = new Option<string>("--out") { Description = "Folder to create (it must not exist); it gets train/ and validation/, each with images/, masks/ and classes.txt.", Required = true };
        var label = new Option<int>("--label") { Description = "The AAL structure that is the ROI (aal.nii.txt lists them; 37 = Hippocampus_L).", DefaultValueFactory = _ => 37 };
        var templates = new Option<string>("--templates") { Description = "Folder holding ch2.nii.gz, aal.nii.gz and aal.nii.txt (Debian's mricron-data).", DefaultValueFactory = _ => Colin27AalTask.DefaultTemplates };
        var command = new Command("colin27-aal",
            $"Axial slices of the Colin27 T1 template with one AAL structure as the ROI: 2×2 block sums (2 mm pixels, 16-bit PNG), {Colin27AalTask.Size}×{Colin27AalTask.Size} "
            + $"crops centred on the structure, the slices from {Colin27AalTask.Margin} below to {Colin27AalTask.Margin} above it; the lower block trains, the upper block "
            + $"validates, {Colin27AalTask.Gap} slices apart.")
        {
            output, label, templates,
        };
        command.SetAction(r => CommandErrors.Run("dataset colin27-aal", () =>
        {
            string folder = Path.GetFullPath(r.GetValue(output)!);
            string description = Colin27AalTask.Write(r.GetValue(templates)!, r.GetValue(label), folder);
            Console.WriteLine($"{description}; written to {folder}");
            return 0;
        }));
        return command;
    }
}
