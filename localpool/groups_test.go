package localpool_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"

	"github.com/cognitowasm/cognitowasm/localpool/localpooltest"
)

func TestGroupOperations(t *testing.T) {
	p := localpooltest.New(t)
	api := p.Admin()
	pool := &p.UserPoolID
	const roleArn = "arn:aws:iam::000000000000:role/ReadOnly"
	for _, g := range []cip.CreateGroupInput{
		{GroupName: aws.String("admin"), Precedence: aws.Int32(1), RoleArn: aws.String(roleArn)},
		{GroupName: aws.String("staff"), Description: aws.String("everyone")},
	} {
		g.UserPoolId = pool
		if _, err := api.CreateGroup(ctx, &g); err != nil {
			t.Fatal(err)
		}
	}
	const ann, bob = "ann@example.com", "bob@example.com"
	p.CreateUser(t, ann, password, nil)
	p.CreateUser(t, bob, password, nil)
	for _, m := range [][2]string{{ann, "admin"}, {ann, "staff"}, {bob, "staff"}} {
		if _, err := api.AdminAddUserToGroup(ctx, &cip.AdminAddUserToGroupInput{UserPoolId: pool, Username: aws.String(m[0]), GroupName: aws.String(m[1])}); err != nil {
			t.Fatal(err)
		}
	}

	got, err := api.GetGroup(ctx, &cip.GetGroupInput{UserPoolId: pool, GroupName: aws.String("admin")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.Group.RoleArn) != roleArn || aws.ToInt32(got.Group.Precedence) != 1 {
		t.Fatalf("GetGroup = %+v", got.Group)
	}
	_, err = api.GetGroup(ctx, &cip.GetGroupInput{UserPoolId: pool, GroupName: aws.String("nobody")})
	wantAPIErrorMessage(t, err, "ResourceNotFoundException", "Group not found.")

	// The ID token carries the groups, their roles and the preferred role, as in the tutorial.
	id := claims(t, mustSignIn(t, p, ann, password).IdToken)
	if groups, _ := id["cognito:groups"].([]any); len(groups) != 2 || id["cognito:preferred_role"] != roleArn {
		t.Errorf("ID token groups %v, preferred role %v", id["cognito:groups"], id["cognito:preferred_role"])
	}
	if roles, _ := id["cognito:roles"].([]any); len(roles) != 1 || roles[0] != roleArn {
		t.Errorf("ID token roles = %v", id["cognito:roles"])
	}

	members, err := api.ListUsersInGroup(ctx, &cip.ListUsersInGroupInput{UserPoolId: pool, GroupName: aws.String("staff")})
	if err != nil {
		t.Fatal(err)
	}
	var emails []string
	for _, u := range members.Users {
		emails = append(emails, attrs(u.Attributes)["email"])
	}
	slices.Sort(emails)
	if !slices.Equal(emails, []string{ann, bob}) {
		t.Fatalf("ListUsersInGroup = %v", emails)
	}
	page1, err := api.ListUsersInGroup(ctx, &cip.ListUsersInGroupInput{UserPoolId: pool, GroupName: aws.String("staff"), Limit: aws.Int32(1)})
	if err != nil || len(page1.Users) != 1 || page1.NextToken == nil {
		t.Fatalf("first page = %+v, %v", page1, err)
	}
	page2, err := api.ListUsersInGroup(ctx, &cip.ListUsersInGroupInput{UserPoolId: pool, GroupName: aws.String("staff"), Limit: aws.Int32(1),
		NextToken: page1.NextToken})
	if err != nil || len(page2.Users) != 1 || page2.NextToken != nil || aws.ToString(page2.Users[0].Username) == aws.ToString(page1.Users[0].Username) {
		t.Fatalf("second page = %+v, %v", page2, err)
	}

	listFor := func(user string) []string {
		t.Helper()
		out, err := api.AdminListGroupsForUser(ctx, &cip.AdminListGroupsForUserInput{UserPoolId: pool, Username: aws.String(user)})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, g := range out.Groups {
			names = append(names, aws.ToString(g.GroupName))
		}
		return names
	}
	if got := listFor(ann); !slices.Equal(got, []string{"admin", "staff"}) {
		t.Fatalf("AdminListGroupsForUser = %v", got)
	}

	// UpdateGroup changes what it is given.
	upd, err := api.UpdateGroup(ctx, &cip.UpdateGroupInput{UserPoolId: pool, GroupName: aws.String("staff"), Description: aws.String("all staff"),
		Precedence: aws.Int32(5)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(upd.Group.Description) != "all staff" || aws.ToInt32(upd.Group.Precedence) != 5 {
		t.Fatalf("UpdateGroup = %+v", upd.Group)
	}
	_, err = api.UpdateGroup(ctx, &cip.UpdateGroupInput{UserPoolId: pool, GroupName: aws.String("nobody"), Description: aws.String("x")})
	wantAPIError(t, err, "ResourceNotFoundException")

	// Removing a member and deleting a group take effect in the next tokens.
	if _, err := api.AdminRemoveUserFromGroup(ctx, &cip.AdminRemoveUserFromGroupInput{UserPoolId: pool, Username: aws.String(ann),
		GroupName: aws.String("admin")}); err != nil {
		t.Fatal(err)
	}
	_, err = api.AdminRemoveUserFromGroup(ctx, &cip.AdminRemoveUserFromGroupInput{UserPoolId: pool, Username: aws.String(ann), GroupName: aws.String("nobody")})
	wantAPIError(t, err, "ResourceNotFoundException")
	if got := listFor(ann); !slices.Equal(got, []string{"staff"}) {
		t.Fatalf("after removal = %v", got)
	}
	if id := claims(t, mustSignIn(t, p, ann, password).IdToken); id["cognito:preferred_role"] != nil || id["cognito:roles"] != nil {
		t.Errorf("after removal the ID token still has roles: %v", id)
	}
	if _, err := api.DeleteGroup(ctx, &cip.DeleteGroupInput{UserPoolId: pool, GroupName: aws.String("staff")}); err != nil {
		t.Fatal(err)
	}
	_, err = api.DeleteGroup(ctx, &cip.DeleteGroupInput{UserPoolId: pool, GroupName: aws.String("staff")})
	wantAPIError(t, err, "ResourceNotFoundException")
	if got := listFor(bob); len(got) != 0 {
		t.Fatalf("after DeleteGroup bob is in %v", got)
	}
	if id := claims(t, mustSignIn(t, p, bob, password).IdToken); id["cognito:groups"] != nil {
		t.Errorf("after DeleteGroup the ID token has groups %v", id["cognito:groups"])
	}
	// A group created again with the old name starts empty.
	if _, err := api.CreateGroup(ctx, &cip.CreateGroupInput{UserPoolId: pool, GroupName: aws.String("staff")}); err != nil {
		t.Fatal(err)
	}
	if got := listFor(bob); len(got) != 0 {
		t.Fatalf("a recreated group kept its members: %v", got)
	}
}
