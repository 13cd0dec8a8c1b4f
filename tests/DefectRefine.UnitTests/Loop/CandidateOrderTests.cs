using DefectRefine.Loop;

namespace DefectRefine.UnitTests.Loop;

public sealed class CandidateOrderTests
{
    [Fact]
    public void The_order_is_a_permutation_fixed_by_the_query_id()
    {
        var query = Guid.NewGuid();
        var order = CandidateOrder.Displayed(query, 10);
        Assert.Equal(Enumerable.Range(0, 10), order.Order());
        Assert.Equal(order, CandidateOrder.Displayed(query, 10));
    }

    [Fact]
    public void Positives_and_negatives_do_not_keep_their_places()
    {
        // Mined queries list the five hardest positives first; over many queries the shown order must hide that.
        var firstHalfStillPositives = Enumerable.Range(0, 200)
            .Count(_ => CandidateOrder.Displayed(Guid.NewGuid(), 10).Take(5).All(index => index < 5));
        Assert.True(firstHalfStillPositives < 10, $"{firstHalfStillPositives} of 200 orders kept the positives first");
    }
}
