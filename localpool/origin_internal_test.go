package localpool

import (
	"context"
	"maps"
	"testing"

	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
)

// TestUnsignedOperationsFollowTheModel checks the pool's list of operations
// Cognito answers without IAM credentials against the AWS SDK's, which is
// generated from the API model.
func TestUnsignedOperationsFollowTheModel(t *testing.T) {
	resolver := cip.New(cip.Options{Region: "us-east-1"}).Options().AuthSchemeResolver
	names := maps.Clone(unsignedOperations)
	for name := range operations {
		names[name] = true
	}
	for name := range names {
		schemes, err := resolver.ResolveAuthSchemes(context.Background(), &cip.AuthResolverParameters{Operation: name, Region: "us-east-1"})
		if err != nil {
			t.Fatal(err)
		}
		// The model's own scheme comes first; the SDK may append anonymous as a fallback.
		anonymous := len(schemes) > 0 && schemes[0].SchemeID == "smithy.api#noAuth"
		if anonymous != unsignedOperations[name] {
			t.Errorf("%s: unsigned in the model = %v, in the pool = %v", name, anonymous, unsignedOperations[name])
		}
	}
}
