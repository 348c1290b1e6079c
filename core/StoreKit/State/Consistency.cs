namespace StoreKit.State;

public enum Consistency
{
    Eventual,
    Strong,
}
