namespace MLSegmentation.Transforms.Tests;

public sealed class DatasetVolumeTests
{
    private const int N = 24;

    [Test]
    public void SlicesAlongEachAxisMatchTheVolumeVoxels()
    {
        string dir = TestData.TempFolder();
        DatasetDecathlonTests.WriteCases(dir, "imagesTr", "labelsTr", 2);
        File.WriteAllText(Path.Combine(dir, "dataset.json"), """{"channel_names": {"0": "A", "1": "B"}, "labels": {"background": 0, "a": 1, "b": 2}}""");
        FileSegmentationDataset volumes = DecathlonDataset.Open(dir).Training; // [D=4, H=5, W=7], spacing [3, 2, 1.5]

        var axial = new VolumeSliceDataset(volumes, axis: 0);
        var sagittal = new VolumeSliceDataset(volumes, axis: 2);

        Assert.That(axial.Count, Is.EqualTo(2 * 4));
        Assert.That(sagittal.Count, Is.EqualTo(2 * 7));
        Assert.That(axial.Locate(6), Is.EqualTo((1, 2)));
        Assert.That(axial.GetInfo(6).Id, Is.EqualTo("case_001#axis0:2"));

        SegmentationSample a = axial.Load(6); // volume 1, z = 2
        Assert.That(a.Image.Size, Is.EqualTo(new[] { 5, 7 }));
        Assert.That(a.Image.Spacing, Is.EqualTo(new[] { 2.0, 1.5 }));
        Assert.That(a.Image[1, 3, 4], Is.EqualTo(DatasetDecathlonTests.Value(1, 1, 2, 3, 4)));
        Assert.That(a.Labels![3, 4], Is.EqualTo(DatasetDecathlonTests.Label(1, 2, 3, 4)));

        SegmentationSample s = sagittal.Load(7 + 5); // volume 1, x = 5
        Assert.That(s.Image.Size, Is.EqualTo(new[] { 4, 5 }));
        Assert.That(s.Image[0, 3, 2], Is.EqualTo(DatasetDecathlonTests.Value(1, 0, 3, 2, 5)));
        Assert.That(s.Labels![3, 2], Is.EqualTo(DatasetDecathlonTests.Label(1, 3, 2, 5)));

        var coronal = new VolumeSliceDataset(volumes, axis: 1);
        SegmentationSample c = coronal.Load(4); // volume 0, y = 4
        Assert.That(c.Image.Size, Is.EqualTo(new[] { 4, 7 }));
        Assert.That(c.Image[1, 2, 6], Is.EqualTo(DatasetDecathlonTests.Value(0, 1, 2, 4, 6)));
    }

    [Test]
    public void PatchCentresHitForegroundAtTheConfiguredShareAndTheRestInBody()
    {
        SegmentationSample volume = BodyWithSmallLesion();
        var sampler = new ForegroundPatchSampler([8, 8, 8], foregroundShare: 0.5, bodyThreshold: 50);
        const int Draws = 800;
        int foreground = 0;
        for (int i = 0; i < Draws; i++)
        {
            (int[] c, PatchCentreKind kind) = sampler.ChooseCentre(volume, new SampleRandom(11, i));
            if (kind == PatchCentreKind.Foreground)
            {
                foreground++;
                Assert.That(volume.Labels![c[0], c[1], c[2]], Is.GreaterThan(0));
            }
            else
            {
                Assert.That(kind, Is.EqualTo(PatchCentreKind.Body));
                Assert.That(volume.Image[0, c[0], c[1], c[2]], Is.GreaterThan(50f));
            }
        }

        // 0.5 ± 3.4 standard deviations (σ = 0.018 over 800 draws); the lesion is 0.2 % of the volume.
        Assert.That(foreground / (double)Draws, Is.InRange(0.44, 0.56));
    }

    [Test]
    public void ShareZeroAndOneAndNoThresholdBehave()
    {
        SegmentationSample volume = BodyWithSmallLesion();
        for (int i = 0; i < 50; i++)
        {
            Assert.That(new ForegroundPatchSampler([4, 4, 4], 1.0).ChooseCentre(volume, new SampleRandom(1, i)).Kind, Is.EqualTo(PatchCentreKind.Foreground));
            Assert.That(new ForegroundPatchSampler([4, 4, 4], 0.0, 50).ChooseCentre(volume, new SampleRandom(1, i)).Kind, Is.EqualTo(PatchCentreKind.Body));
            Assert.That(new ForegroundPatchSampler([4, 4, 4], 0.0).ChooseCentre(volume, new SampleRandom(1, i)).Kind, Is.EqualTo(PatchCentreKind.Anywhere));
        }
    }

    [Test]
    public void PatchDatasetIsDeterministicByIndexAndPatchesContainTheirForeground()
    {
        string dir = TestData.TempFolder();
        SegmentationSample volume = BodyWithSmallLesion();
        NiftiHeader header = NiftiHeader.Create([N, N, N], NiftiDataType.UInt8);
        NiftiFile.WriteImage(Path.Combine(dir, "v.nii.gz"), header, volume.Image);
        NiftiFile.WriteLabels(Path.Combine(dir, "v_seg.nii.gz"), volume.Labels!, header);
        var volumes = new FileSegmentationDataset([new SampleInfo("v", [Path.Combine(dir, "v.nii.gz")], Path.Combine(dir, "v_seg.nii.gz"))], ["background", "lesion"]);

        var patches = new VolumePatchDataset(volumes, new ForegroundPatchSampler([8, 8, 8], 0.5, 50), patchesPerVolume: 200, seed: 5);

        Assert.That(patches.Count, Is.EqualTo(200));
        int withLesion = 0;
        for (int i = 0; i < patches.Count; i++)
        {
            SegmentationSample p = patches.Load(i);
            Assert.That(p.Image.Size, Is.EqualTo(new[] { 8, 8, 8 }));
            withLesion += p.Labels!.Data.Any(l => l > 0) ? 1 : 0;
        }

        Assert.That(patches.Load(17).Image.Data, Is.EqualTo(patches.Load(17).Image.Data));
        Assert.That(patches.Load(17).Labels!.Data, Is.EqualTo(new VolumePatchDataset(volumes, new ForegroundPatchSampler([8, 8, 8], 0.5, 50), 200, seed: 5).Load(17).Labels!.Data));
        Assert.That(withLesion / 200.0, Is.InRange(0.40, 0.70));
    }

    [Test]
    public void PatchLargerThanTheVolumeIsZeroPaddedAroundIt()
    {
        var image = new Image(1, [2, 3], [1, 2, 3, 4, 5, 6]);
        var labels = new LabelMap([2, 3], [0, 0, 1, 0, 0, 0]);
        SegmentationSample p = new ForegroundPatchSampler([4, 5], 1.0).Apply(new SegmentationSample(image, labels), new SampleRandom(0, 0));

        Assert.That(p.Image.Size, Is.EqualTo(new[] { 4, 5 }));
        Assert.That(p.Image.Data.Sum(), Is.EqualTo(21f));
        Assert.That(p.Labels!.Data.Sum(), Is.EqualTo(1));
    }

    /// <summary>A 24³ volume: a ball of intensity 100 (radius 10) on 0, with a 3³ lesion (label 1) inside.</summary>
    private static SegmentationSample BodyWithSmallLesion()
    {
        var image = new Image(1, [N, N, N]);
        var labels = new LabelMap([N, N, N]);
        for (int z = 0; z < N; z++)
        {
            for (int y = 0; y < N; y++)
            {
                for (int x = 0; x < N; x++)
                {
                    int dz = z - 12, dy = y - 12, dx = x - 12;
                    image[0, z, y, x] = dz * dz + dy * dy + dx * dx <= 100 ? 100 : 0;
                    labels[z, y, x] = z is >= 14 and < 17 && y is >= 8 and < 11 && x is >= 12 and < 15 ? 1 : 0;
                }
            }
        }

        return new SegmentationSample(image, labels);
    }
}
