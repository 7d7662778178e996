using MLSegmentation.Networks;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Tests;

public class ContrastiveObjectiveTests
{
    private const int Size = 16;
    private static readonly UNetOptions Net = new() { Depth = 2, BaseWidth = 8, Classes = 3 };

    private static (UNet Network, SemanticContrastiveObjective Objective) Build(SemanticContrastiveOptions options)
    {
        torch.manual_seed(21);
        var network = new UNet(Net);
        var optimizer = torch.optim.SGD(network.parameters(), 0.01);
        var context = new TrainingContext(network, optimizer, new TrainerOptions { Seed = 4 }, classes: 3, torch.CPU);
        var objective = new SemanticContrastiveObjective(options);
        objective.Initialize(context);
        return (network, objective);
    }

    /// <summary>Image 0 holds classes 1 and 2, image 1 class 1 only, image 2 class 1 only: class 2 appears once per view.</summary>
    private static TrainingBatch Batch()
    {
        torch.manual_seed(5);
        Tensor images = torch.rand(3, 1, Size, Size);
        var labels = new long[3 * Size * Size];
        void Square(int image, int y0, int x0, int side, long c)
        {
            for (int y = y0; y < y0 + side; y++)
                for (int x = x0; x < x0 + side; x++) labels[image * Size * Size + y * Size + x] = c;
        }
        Square(0, 2, 2, 5, 1);
        Square(0, 9, 9, 5, 2);
        Square(1, 6, 3, 6, 1);
        Square(2, 1, 8, 4, 1);
        return new TrainingBatch(images.DetachFromDisposeScope(), torch.tensor(labels, [3, Size, Size]).DetachFromDisposeScope(), [7, 8, 9]);
    }

    [Test]
    public void LossOverBothViewsMatchesAHandLoopAndASingleObjectPairsWithItsOtherView()
    {
        using var scope = torch.NewDisposeScope();
        var identity = new SemanticContrastiveOptions { CropScaleMin = 1, CropScaleMax = 1, RotationDegrees = 0, FlipProbability = 0, Temperature = 0.5 };
        (UNet network, SemanticContrastiveObjective objective) = Build(identity);
        using (network)
        using (objective)
        using (TrainingBatch batch = Batch())
        {
            double loss = objective.Compute(network, batch, classes: 3, step: 0).ToDouble();
            (Tensor embeddings, Tensor classes) = objective.Embed(network, torch.cat([batch.Images, batch.Images], 0), torch.cat([batch.Labels, batch.Labels], 0), 3);
            long[] c = classes.data<long>().ToArray();
            Assert.That(c, Is.EqualTo(new long[] { 1, 2, 1, 1, 1, 2, 1, 1 }));
            float[] z = objective.Head!.forward(embeddings).data<float>().ToArray();
            (double expected, int anchors) = HandSupCon(z, c, 0.5, 0.07, (a, positives) =>
            {
                if (c[a] == 2) Assert.That(positives, Is.EqualTo(new[] { a < 4 ? a + 4 : a - 4 }), "the class seen once pairs with its other view");
            });
            Assert.That(anchors, Is.EqualTo(8));
            Assert.That(loss, Is.EqualTo(expected).Within(1e-4 * Math.Abs(expected)));
        }
    }

    [Test]
    public void ImageIdLabelsGiveEachImageItsOwnLabelInBothViews()
    {
        using var scope = torch.NewDisposeScope();
        var identity = new SemanticContrastiveOptions
        {
            CropScaleMin = 1, CropScaleMax = 1, RotationDegrees = 0, FlipProbability = 0, Temperature = 0.5, Labels = ContrastiveLabels.ImageId,
        };
        (UNet network, SemanticContrastiveObjective objective) = Build(identity);
        using (network)
        using (objective)
        using (TrainingBatch batch = Batch())
        {
            double loss = objective.Compute(network, batch, classes: 3, step: 0).ToDouble();
            (Tensor embeddings, Tensor images) = objective.Embed(network, torch.cat([batch.Images, batch.Images], 0), torch.cat([batch.Labels, batch.Labels], 0), 3);
            Assert.That(images.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 0, 1, 2, 3, 3, 4, 5 }), "each object is labelled with its image");
            long[] ids = [0, 0, 1, 2, 0, 0, 1, 2]; // both views of an image share its id
            float[] z = objective.Head!.forward(embeddings).data<float>().ToArray();
            (double expected, int anchors) = HandSupCon(z, ids, 0.5, 0.07, (a, positives) =>
                Assert.That(positives.Select(p => ids[p]), Is.All.EqualTo(ids[a]), "positives come from the anchor's own image only"));
            Assert.That(anchors, Is.EqualTo(8));
            Assert.That(loss, Is.EqualTo(expected).Within(1e-4 * Math.Abs(expected)));
        }
    }

    [Test]
    public void AnchorsWithoutPositivesAreSkipped()
    {
        using var scope = torch.NewDisposeScope();
        (UNet network, SemanticContrastiveObjective objective) = Build(new SemanticContrastiveOptions());
        using (network)
        using (objective)
        using (TrainingBatch batch = Batch())
        {
            // view 1 without image 0's class-2 object: that object's embedding has no positive
            Tensor secondLabels = batch.Labels.clone();
            secondLabels[0].masked_fill_(secondLabels[0].eq(2), 0);
            (Tensor embeddings, Tensor classes) = objective.Embed(network, torch.cat([batch.Images, batch.Images], 0), torch.cat([batch.Labels, secondLabels], 0), 3);
            Assert.That(classes.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 2, 1, 1, 1, 1, 1 }));
            Tensor z = objective.Head!.forward(embeddings);
            long[] c = classes.data<long>().ToArray();
            (double expected, int anchors) = HandSupCon(z.data<float>().ToArray(), c, 0.07, 0.07, (_, _) => { });
            Assert.That(anchors, Is.EqualTo(6), "the lone class-2 object is no anchor");
            double loss = new MLSegmentation.Trainers.Losses.SupervisedContrastiveLoss().Compute(z, classes).ToDouble();
            Assert.That(loss, Is.EqualTo(expected).Within(1e-4 * Math.Abs(expected)));
        }
    }

    /// <summary>SupCon by loops in double precision: the mean over anchors with positives; returns the loss and the number of anchors.</summary>
    private static (double Loss, int Anchors) HandSupCon(float[] z, long[] c, double tau, double tauBase, Action<int, int[]> inspect)
    {
        int m = c.Length, d = z.Length / m;
        double Dot(int i, int j) => Enumerable.Range(0, d).Sum(k => (double)z[i * d + k] * z[j * d + k]);
        double total = 0;
        int anchors = 0;
        for (int a = 0; a < m; a++)
        {
            int[] positives = Enumerable.Range(0, m).Where(p => p != a && c[p] == c[a]).ToArray();
            if (positives.Length == 0) continue;
            inspect(a, positives);
            double denominator = Enumerable.Range(0, m).Where(k => k != a).Sum(k => Math.Exp(Dot(a, k) / tau));
            total += positives.Average(p => Math.Log(Math.Exp(Dot(a, p) / tau) / denominator));
            anchors++;
        }
        return (-(tau / tauBase) * total / anchors, anchors);
    }

    [Test]
    public void LossIsInvariantToTheOrderOfTheBatch()
    {
        using var scope = torch.NewDisposeScope();
        (UNet network, SemanticContrastiveObjective objective) = Build(new SemanticContrastiveOptions());
        using (network)
        using (objective)
        using (TrainingBatch batch = Batch())
        {
            double loss = objective.Compute(network, batch, classes: 3, step: 3).ToDouble();
            Tensor order = torch.tensor(new long[] { 2, 0, 1 });
            using var permuted = new TrainingBatch(batch.Images.index_select(0, order), batch.Labels.index_select(0, order), [9, 7, 8]);
            double permutedLoss = objective.Compute(network, permuted, classes: 3, step: 3).ToDouble();
            Assert.That(permutedLoss, Is.EqualTo(loss).Within(1e-5 * Math.Abs(loss)));
            Assert.That(objective.Compute(network, batch, classes: 3, step: 4).ToDouble(), Is.Not.EqualTo(loss), "another step draws other views");
        }
    }
}
