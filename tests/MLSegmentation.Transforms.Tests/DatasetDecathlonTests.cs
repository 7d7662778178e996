using System.Globalization;

namespace MLSegmentation.Transforms.Tests;

public sealed class DatasetDecathlonTests
{
    private const int W = 7, H = 5, D = 4;

    [Test]
    public void TwoModalitiesBecomeTwoChannelsWithLabelsAndTestCases()
    {
        string dir = TestData.TempFolder();
        WriteCases(dir, "imagesTr", "labelsTr", 3);
        WriteCases(dir, "imagesTs", null, 2, firstCase: 10);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), """
            {
              "name": "BrainTest",
              "modality": {"0": "T1", "1": "FLAIR"},
              "labels": {"0": "background", "1": "tumour", "2": "edema"},
              "numTraining": 3,
              "training": [
                {"image": "./imagesTr/case_000.nii.gz", "label": "./labelsTr/case_000.nii.gz"},
                {"image": "./imagesTr/case_001.nii.gz", "label": "./labelsTr/case_001.nii.gz"},
                {"image": "./imagesTr/case_002.nii.gz", "label": "./labelsTr/case_002.nii.gz"}
              ],
              "test": ["./imagesTs/case_010.nii.gz", "./imagesTs/case_011.nii.gz"]
            }
            """);

        DecathlonDataset ds = DecathlonDataset.Open(dir);

        Assert.That(ds.Name, Is.EqualTo("BrainTest"));
        Assert.That(ds.Modalities, Is.EqualTo(new[] { "T1", "FLAIR" }));
        Assert.That(ds.Training.ClassNames, Is.EqualTo(new[] { "background", "tumour", "edema" }));
        Assert.That(ds.Training.Count, Is.EqualTo(3));
        Assert.That(ds.Test.Count, Is.EqualTo(2));
        Assert.That(ds.Training.GetInfo(1).ImagePaths.Select(Path.GetFileName), Is.EqualTo(new[] { "case_001_0000.nii.gz", "case_001_0001.nii.gz" }));

        SegmentationSample s = ds.Training.Load(1);
        Assert.That(s.Image.Channels, Is.EqualTo(2));
        Assert.That(s.Image.Size, Is.EqualTo(new[] { D, H, W }));
        Assert.That(s.Image.Spacing, Is.EqualTo(new[] { 3.0, 2.0, 1.5 }));
        Assert.That(s.Image[0, 2, 3, 4], Is.EqualTo(Value(1, 0, 2, 3, 4)));
        Assert.That(s.Image[1, 2, 3, 4], Is.EqualTo(Value(1, 1, 2, 3, 4)));
        Assert.That(s.Labels![2, 3, 4], Is.EqualTo(Label(1, 2, 3, 4)));
        Assert.That(s.Labels.Spacing, Is.EqualTo(s.Image.Spacing));

        SegmentationSample t = ds.Test.Load(0);
        Assert.That(t.Labels, Is.Null);
        Assert.That(t.Image[1, 0, 1, 2], Is.EqualTo(Value(10, 1, 0, 1, 2)));
    }

    [Test]
    public void NnUnetV2JsonWithoutTrainingListIsDiscoveredFromLabelsTr()
    {
        string dir = TestData.TempFolder();
        WriteCases(dir, "imagesTr", "labelsTr", 2);
        WriteCases(dir, "imagesTs", null, 1, firstCase: 5);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), """
            {"channel_names": {"0": "CT", "1": "PET"}, "labels": {"background": 0, "tumour": 1, "edema": 2}, "numTraining": 2, "file_ending": ".nii.gz"}
            """);

        DecathlonDataset ds = DecathlonDataset.Open(dir);

        Assert.That(ds.Training.Samples.Select(s => s.Id), Is.EqualTo(new[] { "case_000", "case_001" }));
        Assert.That(ds.Test.Samples.Select(s => s.Id), Is.EqualTo(new[] { "case_005" }));
        Assert.That(ds.Training.ClassNames, Is.EqualTo(new[] { "background", "tumour", "edema" }));
        Assert.That(ds.Training.Load(0).Image.Channels, Is.EqualTo(2));
    }

    [Test]
    public void SyntheticVolumeWriterOutputOpens()
    {
        string dir = TestData.TempFolder();
        var generator = new SyntheticDatasetGenerator(new SyntheticOptions { Depth = 6, Height = 16, Width = 16 }, seed: 9);
        generator.WriteFolder(dir, 2);

        DecathlonDataset ds = DecathlonDataset.Open(dir);

        Assert.That(ds.Training.Count, Is.EqualTo(2));
        Assert.That(ds.Modalities, Is.EqualTo(new[] { "synthetic" }));
        Assert.That(ds.Training.Load(1).Labels!.Data, Is.EqualTo(generator.Generate(1).Labels.Data));
        Assert.That(ds.Training.Load(1).Image.Data, Is.EqualTo(generator.Generate(1).Image.Data));
    }

    [Test]
    public void OriginalDecathlonFourDimensionalImagesBecomeChannels()
    {
        string dir = TestData.TempFolder();
        Directory.CreateDirectory(Path.Combine(dir, "imagesTr"));
        Directory.CreateDirectory(Path.Combine(dir, "labelsTr"));
        var image = new Image(2, [D, H, W]);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = i;
        }

        NiftiHeader header4D = NiftiHeader.Create([W, H, D, 2], NiftiDataType.Int16);
        NiftiFile.WriteImage(Path.Combine(dir, "imagesTr", "BRATS_001.nii.gz"), header4D, image);
        NiftiFile.WriteLabels(Path.Combine(dir, "labelsTr", "BRATS_001.nii.gz"), new LabelMap([D, H, W]), header4D);
        File.WriteAllBytes(Path.Combine(dir, "imagesTr", "._BRATS_001.nii.gz"), [0, 5, 22, 7]); // macOS resource fork: ignored
        File.WriteAllText(Path.Combine(dir, "dataset.json"), """
            {"modality": {"0": "FLAIR", "1": "T1w"}, "labels": {"0": "background", "1": "edema"},
             "training": [{"image": "./imagesTr/BRATS_001.nii.gz", "label": "./labelsTr/BRATS_001.nii.gz"}], "test": []}
            """);

        DecathlonDataset ds = DecathlonDataset.Open(dir);

        SegmentationSample s = ds.Training.Load(0);
        Assert.That(ds.Training.GetInfo(0).ImagePaths, Has.Count.EqualTo(1));
        Assert.That(s.Image.Channels, Is.EqualTo(2));
        Assert.That(s.Image.Data, Is.EqualTo(image.Data));
        Assert.That(ds.Test.Count, Is.Zero);
    }

    internal static float Value(int c, int m, int z, int y, int x) => c * 100 + m * 50 + z * 7 + y * 3 + x;

    internal static int Label(int c, int z, int y, int x) => (c + z + y + x) % 3;

    internal static void WriteCases(string dir, string images, string? labels, int count, int firstCase = 0)
    {
        Directory.CreateDirectory(Path.Combine(dir, images));
        NiftiHeader header = NiftiHeader.Create([W, H, D], NiftiDataType.Float32, [1.5, 2.0, 3.0]);
        for (int c = firstCase; c < firstCase + count; c++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"case_{c:D3}");
            for (int m = 0; m < 2; m++)
            {
                var image = new Image(1, [D, H, W]);
                var map = new LabelMap([D, H, W]);
                for (int z = 0; z < D; z++)
                {
                    for (int y = 0; y < H; y++)
                    {
                        for (int x = 0; x < W; x++)
                        {
                            image[0, z, y, x] = Value(c, m, z, y, x);
                            map[z, y, x] = Label(c, z, y, x);
                        }
                    }
                }

                NiftiFile.WriteImage(Path.Combine(dir, images, string.Create(CultureInfo.InvariantCulture, $"{id}_{m:D4}.nii.gz")), header, image);
                if (labels is not null && m == 0)
                {
                    Directory.CreateDirectory(Path.Combine(dir, labels));
                    NiftiFile.WriteLabels(Path.Combine(dir, labels, id + ".nii.gz"), map, header);
                }
            }
        }
    }
}
