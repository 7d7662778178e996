using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Trainers.Tests;

public class ContrastiveViewTests
{
    private const int Size = 32;

    [Test]
    public void EachViewsLabelMapIsTransformedWithItsImage()
    {
        using var scope = torch.NewDisposeScope();
        // One labelled pixel per image, marked in the image too; images are otherwise 0.
        int[][] marks = [[5, 7], [20, 12], [16, 16], [27, 25]];
        var pixels = new float[marks.Length * Size * Size];
        var labels = new long[marks.Length * Size * Size];
        for (int i = 0; i < marks.Length; i++)
        {
            int at = i * Size * Size + marks[i][0] * Size + marks[i][1];
            pixels[at] = 1;
            labels[at] = 1;
        }
        Tensor images = torch.tensor(pixels, [marks.Length, 1, Size, Size]);
        Tensor labelMap = torch.tensor(labels, [marks.Length, Size, Size]);
        var views = new ContrastiveViews(new SemanticContrastiveOptions(), seed: 9);
        int landed = 0, moved = 0;
        for (long step = 0; step < 25; step++)
        {
            for (int view = 0; view < 2; view++)
            {
                (Tensor viewImages, Tensor viewLabels) = views.Make(images, labelMap, [0, 1, 2, 3], step, view);
                float[] p = viewImages.data<float>().ToArray();
                long[] l = viewLabels.data<long>().ToArray();
                for (int i = 0; i < marks.Length; i++)
                {
                    for (int k = 0; k < Size * Size; k++)
                    {
                        if (l[i * Size * Size + k] != 1) continue;
                        landed++;
                        // each warp: the nearest source pixel of a label is one of the bilinear neighbours (positive weight) of the image
                        Assert.That(p[i * Size * Size + k], Is.GreaterThan(0f), $"step {step} view {view} image {i}: label at {k / Size},{k % Size} but no marked pixel there");
                        if (k != marks[i][0] * Size + marks[i][1]) moved++;
                    }
                }
            }
        }
        Assert.That(landed, Is.GreaterThan(20), "the marked pixel should survive many crops");
        Assert.That(moved, Is.GreaterThan(landed / 2), "views must move the pixel");
    }

    [Test]
    public void ViewsDependOnStepAndSampleIndexNotOnBatchPosition()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        Tensor images = torch.rand(3, 1, Size, Size);
        Tensor labels = torch.randint(0, 3, [3, Size, Size]);
        var views = new ContrastiveViews(new SemanticContrastiveOptions(), seed: 2);
        (Tensor a, Tensor la) = views.Make(images, labels, [10, 11, 12], step: 4, view: 0);
        Tensor order = torch.tensor(new long[] { 2, 0, 1 });
        (Tensor b, Tensor lb) = views.Make(images.index_select(0, order), labels.index_select(0, order), [12, 10, 11], step: 4, view: 0);
        Assert.That(b.data<float>().ToArray(), Is.EqualTo(a.index_select(0, order).data<float>().ToArray()));
        Assert.That(lb.data<long>().ToArray(), Is.EqualTo(la.index_select(0, order).data<long>().ToArray()));
        (Tensor other, _) = views.Make(images, labels, [10, 11, 12], step: 4, view: 1);
        (Tensor later, _) = views.Make(images, labels, [10, 11, 12], step: 5, view: 0);
        Assert.That(other.data<float>().ToArray(), Is.Not.EqualTo(a.data<float>().ToArray()));
        Assert.That(later.data<float>().ToArray(), Is.Not.EqualTo(a.data<float>().ToArray()));
    }
}
